using Docker.DotNet.Models;

namespace Gantry.Runtime.Instances.Container;

/// <summary>Adds up the engine's per-layer pull messages into one <see cref="PullProgress"/>.</summary>
public sealed class PullTracker(string image)
{
    private static readonly string[] DoneStatuses = ["Already exists", "Pull complete", "Download complete"];
    private readonly Dictionary<string, (long Done, long Total, bool Complete)> _layers = new(StringComparer.Ordinal);

    public PullProgress Current => new(
        image,
        _layers.Values.Sum(l => l.Complete ? l.Total : l.Done),
        _layers.Values.Sum(l => l.Total),
        _layers.Values.Count(l => l.Complete),
        _layers.Count);

    /// <summary>The pull as finished: every layer complete.</summary>
    public PullProgress Finished
    {
        get
        {
            foreach (var id in _layers.Keys.ToList())
            {
                _layers[id] = _layers[id] with { Complete = true };
            }

            return Current;
        }
    }

    public void Add(JSONMessage message)
    {
        if (message.ID is not { Length: > 0 } id || message.Status is not { Length: > 0 } status || status.StartsWith("Pulling from", StringComparison.Ordinal))
        {
            return;
        }

        var layer = _layers.GetValueOrDefault(id);
        if (message.Progress is { Total: > 0 } bytes)
        {
            layer = layer with { Done = bytes.Current, Total = bytes.Total };
        }

        _layers[id] = layer with { Complete = layer.Complete || DoneStatuses.Any(d => status.StartsWith(d, StringComparison.Ordinal)) };
    }
}
