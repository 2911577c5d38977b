using Gantry.Gateway.Config;
using Gantry.Gateway.Snapshots;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// The control plane's side of the data plane: every part of the gateways' configuration (routes, clients,
/// certificates, ACME answers) as its owner last set it, made into a new versioned <see cref="GatewaySnapshot"/> on
/// every change. The gateway in this process applies each before it counts as made, so a snapshot it refuses is never
/// current and never reaches another gateway; gateways elsewhere wait for a version newer than theirs.
/// </summary>
public sealed class GatewayConfigSource
{
    private readonly Lock _lock = new();
    private readonly GatewaySnapshotApplier? _local;
    private GatewaySnapshot _current;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="local">The gateway in this process, if there is one.</param>
    /// <param name="time">Where versions start: the clock's milliseconds, so they keep growing across restarts of the control plane.</param>
    public GatewayConfigSource(GatewaySnapshotApplier? local, TimeProvider time)
    {
        _local = local;
        _current = new GatewaySnapshot(time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>True when a gateway runs inside this process and applies every snapshot as it is made.</summary>
    public bool HasLocalGateway => _local is not null;

    /// <summary>False when the gateway here only checks snapshots and counts shared quotas, serving no traffic (the gateway is a process of its own).</summary>
    public bool LocalServesTraffic { get; init; } = true;

    /// <summary>The snapshot in force now.</summary>
    public GatewaySnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// Makes a new snapshot from the current one; nothing changes (and no version is spent) when <paramref name="change"/>
    /// leaves it as it was. Throws <see cref="InvalidDataException"/> when this process's gateway refuses the result.
    /// </summary>
    public void Update(Func<GatewaySnapshot, GatewaySnapshot> change)
    {
        lock (_lock)
        {
            var current = _current;
            var next = change(current);
            if (ReferenceEquals(next, current))
            {
                return;
            }

            next = next with { Version = current.Version + 1 };
            _local?.Apply(next);
            Volatile.Write(ref _current, next);
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }
    }

    /// <summary>The first snapshot newer than <paramref name="version"/>: at once when there is one, else when it is made.</summary>
    public async Task<GatewaySnapshot> NewerThanAsync(long version, CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_current.Version > version)
                {
                    return _current;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(ct);
        }
    }
}
