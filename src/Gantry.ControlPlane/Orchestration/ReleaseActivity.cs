using System.Collections.Concurrent;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>The live progress of releases being prepared (kept in memory: it means nothing once the preparation ends).</summary>
public sealed class ReleaseActivity
{
    private readonly ConcurrentDictionary<(string App, int Release), ActivityInfo> _current = new();

    public void Set(string app, int release, ActivityInfo activity) => _current[(app, release)] = activity;

    public void Clear(string app, int release) => _current.TryRemove((app, release), out _);

    public ActivityInfo? Get(string app, int release) => _current.GetValueOrDefault((app, release));
}
