using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Orchestration.Runtimes;
using Gantry.ControlPlane.Store;
using Gantry.Gateway.ServicePorts;
using Gantry.Runtime.Instances.Container;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.ServicePorts;

/// <summary>
/// Where workloads answer calls from other workloads (the outputs of service-port resources) on this machine. On the
/// process runtime instances listen on ports of their own that change with every start, so each called service port
/// gets a port on 127.0.0.1 chosen once and kept, where a <see cref="ServicePortListener"/> pipes connections to the
/// ready instances. On the container runtime workloads answer on the installation's network to their alias, on the
/// port their containers listen on.
/// </summary>
public sealed class ServicePortDirectory(
    IDbContextFactory<GantryDbContext> dbFactory, IWorkloadRuntime runtime, TimeProvider time, ILogger<ServicePortDirectory> logger)
    : IServiceAddresses, IAsyncDisposable
{
    private const int FirstPort = 8000;
    private const int LastPort = 8999;

    private readonly Lock _lock = new();
    private readonly Dictionary<ServiceKey, int> _ports = [];
    private readonly HashSet<ServiceKey> _unsaved = [];
    private readonly Dictionary<ServiceKey, ServicePortListener> _listeners = [];
    private readonly Dictionary<string, List<ManagedInstance>> _ready = [];
    private readonly Dictionary<string, Dictionary<string, ImmutableArray<PortSpec>>> _served = [];

    private bool Forwards => runtime.Name == "process";

    /// <summary>Reads the kept ports and listens on them (on the process runtime), before any app starts.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var record in await db.ServicePorts.AsNoTracking().ToListAsync(cancellationToken))
        {
            var key = new ServiceKey(record.App, record.Workload, record.Name);
            lock (_lock)
            {
                _ports[key] = record.Port;
                Listen(key, record.Port);
            }
        }
    }

    public ImmutableArray<PortSpec>? PortsOf(string app, string workload)
    {
        lock (_lock)
        {
            return _served.GetValueOrDefault(app)?.TryGetValue(workload, out var ports) == true ? ports : null;
        }
    }

    public ServiceAddress AddressOf(string from, string app, string workload, PortSpec port)
    {
        if (!Forwards)
        {
            return new ServiceAddress(ContainerNetwork.WorkloadAlias(app, workload), port.TargetPort);
        }

        var key = new ServiceKey(app, workload, port.Name);
        lock (_lock)
        {
            if (!_ports.TryGetValue(key, out var kept))
            {
                // Held from now on, so no other program (or Gantry on the machine) takes it before the deploy is kept.
                kept = FreePort();
                _ports[key] = kept;
                _unsaved.Add(key);
                Listen(key, kept);
            }

            return new ServiceAddress("127.0.0.1", kept);
        }
    }

    /// <summary>Keeps the ports chosen for a deploy that goes ahead (they listen already).</summary>
    public async Task KeepAsync(CancellationToken cancellationToken)
    {
        List<(ServiceKey Key, int Port)> chosen;
        lock (_lock)
        {
            chosen = [.. _unsaved.Select(k => (k, _ports[k]))];
            _unsaved.Clear();
        }

        if (chosen.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        db.ServicePorts.AddRange(chosen.Select(c => new ServicePortRecord { App = c.Key.App, Workload = c.Key.Workload, Name = c.Key.Port, Port = c.Port, CreatedAt = now }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The app's workloads as served now and their ready instances: other apps may call those ports, and each
    /// listener of the app pipes to the instances ready on its port (of any release, as routes do during a rollout).
    /// </summary>
    public void Publish(string app, IEnumerable<WorkloadSpec> servedWorkloads, IEnumerable<ManagedInstance> instances)
    {
        var ready = instances.Where(i => i.Status.Ready).ToList();
        lock (_lock)
        {
            var served = servedWorkloads.ToDictionary(w => w.Name, w => w.Ports, StringComparer.Ordinal);
            if (served.Count > 0)
            {
                _served[app] = served;
            }

            _ready[app] = ready;
            foreach (var (key, listener) in _listeners.Where(l => l.Key.App == app))
            {
                listener.SetEndpoints(EndpointsOf(key, ready));
            }
        }
    }

    /// <summary>The app is deleted: its ports are called no more and given back.</summary>
    public async Task RemoveAppAsync(string app, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.ServicePorts.Where(s => s.App == app).ExecuteDeleteAsync(cancellationToken);
        }

        List<ServicePortListener> closing;
        lock (_lock)
        {
            closing = [.. _listeners.Where(l => l.Key.App == app).Select(l => l.Value)];
            foreach (var key in _ports.Keys.Where(k => k.App == app).ToList())
            {
                _ports.Remove(key);
                _unsaved.Remove(key);
                _listeners.Remove(key);
            }

            _ready.Remove(app);
            _served.Remove(app);
        }

        foreach (var listener in closing)
        {
            await listener.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ServicePortListener> listeners;
        lock (_lock)
        {
            listeners = [.. _listeners.Values];
            _listeners.Clear();
        }

        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }
    }

    /// <summary>Where the ready instances of the key's workload listen on its port (each instance's own release names the port).</summary>
    private static IEnumerable<IPEndPoint> EndpointsOf(ServiceKey key, List<ManagedInstance> ready) =>
        from instance in ready
        where instance.Workload.Name == key.Workload
        from port in instance.Workload.Ports.Where(p => p.Name == key.Port)
        where instance.Status.HostPorts.ContainsKey(port.TargetPort)
        select new IPEndPoint(IPAddress.Loopback, instance.Status.HostPorts[port.TargetPort]);

    private void Listen(ServiceKey key, int port)
    {
        if (!Forwards || _listeners.ContainsKey(key))
        {
            return;
        }

        try
        {
            var listener = ServicePortListener.Start(port, key.ToString(), logger);
            listener.SetEndpoints(EndpointsOf(key, _ready.GetValueOrDefault(key.App) ?? []));
            _listeners[key] = listener;
        }
        catch (SocketException e)
        {
            // Its callers' releases carry this port: say so, rather than move it under them.
            ServicePortDirectoryLog.PortTaken(logger, key.ToString(), port, e.SocketErrorCode.ToString());
        }
    }

    /// <summary>A port no kept service port has and nothing listens on.</summary>
    private int FreePort() =>
        Hosting.LoopbackPorts.FindFree(FirstPort, LastPort, _ports.Values.ToHashSet())
        ?? throw new InvalidOperationException($"no free port between {FirstPort} and {LastPort} for a service port");

    private readonly record struct ServiceKey(string App, string Workload, string Port)
    {
        public override string ToString() => $"{App}/{Workload}/{Port}";
    }
}
