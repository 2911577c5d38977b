using Gantry.Gateway.FastPath;
using Gantry.Gateway.Forwarding;
using Gantry.Gateway.Observability;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Snapshots;
using Gantry.Gateway.Tls;
using Gantry.Gateway.Tls.Acme;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gantry.Gateway;

/// <summary>Registers the gateway: the routing table, route policies' state, the access log, the shared forwarding client and YARP's forwarder.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway's services. A <see cref="RoutingTable"/> registered before this call is kept, so the
    /// control plane and the gateway app can share one instance across their containers.
    /// </summary>
    public static IServiceCollection AddGantryGateway(this IServiceCollection services, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<GatewayOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.MaxAttempts >= 1, "GatewayOptions.MaxAttempts must be at least 1.")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero, "GatewayOptions.ConnectTimeout must be positive.")
            .Validate(o => o.ActivityTimeout > TimeSpan.Zero, "GatewayOptions.ActivityTimeout must be positive.")
            .Validate(o => o.PassiveHealthReactivation >= TimeSpan.Zero, "GatewayOptions.PassiveHealthReactivation must not be negative.")
            .Validate(o => o.PooledConnectionLifetime > TimeSpan.Zero, "GatewayOptions.PooledConnectionLifetime must be positive.")
            .Validate(o => o.PooledConnectionIdleTimeout > TimeSpan.Zero, "GatewayOptions.PooledConnectionIdleTimeout must be positive.")
            .Validate(o => o.MaxClientEntries >= 16, "GatewayOptions.MaxClientEntries must be at least 16.")
            .Validate(o => o.RepeatedLogInterval >= TimeSpan.Zero, "GatewayOptions.RepeatedLogInterval must not be negative.");

        services.AddHttpForwarder();
        services.TryAddSingleton<GatewayClients>();
        services.TryAddSingleton<Http01ChallengeStore>();
        services.TryAddSingleton<PolicyState>();
        services.TryAddSingleton(sp => sp.GetRequiredService<PolicyState>().Counters);
        services.AddHostedService<QuotaSaver>();
        services.TryAddSingleton<AccessLog>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLog>());
        services.TryAddSingleton<RoutingTable>();
        services.TryAddSingleton<CertificateStore>();
        services.TryAddSingleton<TlsPassthroughTable>();
        services.TryAddSingleton<GatewaySnapshotApplier>();
        services.TryAddSingleton<ForwarderClient>();
        services.TryAddSingleton<GatewayRequestHandler>();
        services.TryAddSingleton<UpstreamPool>();
        services.TryAddSingleton<FastPathCounters>();
        services.TryAddSingleton<FastPathForwarder>();
        return services;
    }
}
