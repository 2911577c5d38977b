using System.Collections.Concurrent;
using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// The platform servers this Gantry runs (one host each), started when a release needs them and adopted when an
/// earlier Gantry left them running; stopped when Gantry stops, like the apps they serve.
/// </summary>
public sealed class PlatformServices(StepRunner steps, ServicePlacement placement, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, IServiceHost> _hosts = new(StringComparer.Ordinal);

    /// <summary>The servers started or adopted so far, with how they are.</summary>
    public IReadOnlyList<ServiceStatus> Statuses => [.. _hosts.Values.Select(h => h.Status).OrderBy(s => s.Name, StringComparer.Ordinal)];

    public ServiceStatus? StatusOf(string name) => _hosts.TryGetValue(name, out var host) ? host.Status : null;

    /// <summary>Starts (or adopts) the resource's server and waits until it is ready.</summary>
    public Task<ServiceStatus> EnsureRunningAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var host = _hosts.GetOrAdd(context.Service.Name, _ => Host(context));
        return host.EnsureRunningAsync(cancellationToken);
    }

    private IServiceHost Host(ResourceContext context) => placement.Engine is { } engine
        ? new ContainerServiceHost(ServicePlans.ContainerFor(context, placement), engine, steps, loggers.CreateLogger<ContainerServiceHost>())
        : new ProcessServiceHost(ServicePlans.For(context), steps, loggers.CreateLogger<ProcessServiceHost>());

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_hosts.Values.Select(h => h.StopAsync(StopGrace, cancellationToken)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            await host.DisposeAsync();
        }
    }
}
