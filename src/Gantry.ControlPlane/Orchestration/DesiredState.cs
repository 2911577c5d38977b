using System.Collections.Immutable;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>What the store says an app should look like: the release to serve, the one serving, and the scale.</summary>
public sealed record DesiredState(
    AppRecord App,
    ReleaseRecord? Desired,
    ReleaseRecord? Current,
    ImmutableDictionary<string, int> Formation);
