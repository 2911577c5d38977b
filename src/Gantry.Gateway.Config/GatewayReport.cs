using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>
/// What a gateway tells the control plane: the version it applied (its acknowledgement), whether it is ready, what it
/// refused, and how much it served. Sent after every frame it applies or refuses, and every few seconds besides.
/// </summary>
/// <param name="Gateway">The gateway's name, unique among the control plane's gateways.</param>
/// <param name="Version">The snapshot it serves now; 0: none yet.</param>
/// <param name="Ready">True while it holds a snapshot and takes traffic.</param>
/// <param name="Pid">Its process id on its machine.</param>
/// <param name="Listen">Where it takes app traffic (ADDRESS:PORT).</param>
/// <param name="StartedAt">When its process started: a changed time means a restart.</param>
public sealed record GatewayReport(string Gateway, long Version, bool Ready, int Pid, string Listen, DateTimeOffset StartedAt)
{
    /// <summary>Why the last snapshot it was sent was refused (the one before keeps serving); null when none was.</summary>
    public string? Problem { get; init; }

    /// <summary>Requests it forwarded or answered since it started.</summary>
    public long Requests { get; init; }

    /// <summary>Of those, answered with a 5xx status.</summary>
    public long Errors { get; init; }

    /// <summary>
    /// Destinations it no longer routes to that still have requests in flight: the control plane stops an instance once
    /// no gateway that applied the snapshot without it lists it here.
    /// </summary>
    public ImmutableArray<string> Draining { get; init => field = value.OrEmpty(); } = [];
}
