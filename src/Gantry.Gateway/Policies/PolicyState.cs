using System.Collections.Concurrent;
using System.Text.Json;
using Gantry.Gateway.Config;
using Microsoft.Extensions.Options;

namespace Gantry.Gateway.Policies;

/// <summary>
/// What policies keep across routing snapshots: client counters, API keys and blocks, circuit breakers, bulkheads,
/// JWKS keys and validated-token caches. A publish recompiles routes but reuses all of this.
/// </summary>
public sealed class PolicyState : IDisposable
{
    private readonly ConcurrentDictionary<string, AppBulkhead> _bulkheads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string App, string Workload), CircuitBreaker> _breakers = new();
    private readonly ConcurrentDictionary<string, JwksSource> _jwksSources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Spec, JwtAuthenticator Authenticator)> _authenticators = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public PolicyState(IOptions<GatewayOptions> options, GatewayClients clients, ILogger<PolicyState> logger)
    {
        _logger = logger;
        Clients = clients;
        HttpsPort = options.Value.HttpsPort;
        JwksFetcher = new JwksFetcher(new JwksFetchPolicy(options.Value.JwksAllowLoopback, options.Value.JwksAllowPrivateNetworks));
        var capacity = options.Value.MaxClientEntries;
        Counters = new RateCounterStore(options.Value.StateDirectory is { } dir ? Path.Combine(dir, "quotas.json") : null, logger, capacity);
        Bandwidth = new ByteWindows(capacity);
    }

    public GatewayClients Clients { get; }

    public RateCounterStore Counters { get; }

    /// <summary>Fetches the routes' JWKS URLs within the platform's address rules; the deploy's check uses it too.</summary>
    public JwksFetcher JwksFetcher { get; }

    /// <summary>The port HTTPS redirects point at; null when the gateway has no HTTPS listener. Set by the host once the listener is bound (it may have asked for any free port).</summary>
    public int? HttpsPort { get; set; }

    internal ByteWindows Bandwidth { get; }

    /// <summary>
    /// Where day and total quotas are counted across gateways; null (the default): this gateway counts them alone.
    /// Set once at start by a gateway that follows a control plane.
    /// </summary>
    public ISharedQuota? SharedQuota
    {
        get => SharedGate?.Shared;
        set => SharedGate = value is null ? null : new SharedQuotaGate(value, _logger, TimeProvider.System);
    }

    internal SharedQuotaGate? SharedGate { get; private set; }

    /// <summary>Sets the shared quota on a clock of the caller's (tests of the pause after a failure).</summary>
    internal void UseSharedQuota(ISharedQuota shared, TimeProvider time) => SharedGate = new SharedQuotaGate(shared, _logger, time);

    public AppBulkhead Bulkhead(string app) => _bulkheads.GetOrAdd(app, static a => new AppBulkhead(a));

    public IEnumerable<AppBulkhead> Bulkheads => _bulkheads.Values;

    public CircuitBreaker Breaker(string app, string workload) =>
        _breakers.GetOrAdd((app, workload), static (key, logger) => new CircuitBreaker(key.App, key.Workload, logger), _logger);

    internal JwksSource? JwksSourceFor(string? url) =>
        url is null ? null : _jwksSources.GetOrAdd(url, static (u, state) => new JwksSource(u, state.JwksFetcher, state._logger), this);

    /// <summary>The authenticator of a route, kept while its JWT settings stay the same, so its token cache survives publishes.</summary>
    internal JwtAuthenticator Authenticator(string routeKey, JwtConfig spec)
    {
        var text = JsonSerializer.Serialize(spec);
        if (_authenticators.TryGetValue(routeKey, out var known) && known.Spec == text)
        {
            return known.Authenticator;
        }

        var created = new JwtAuthenticator(spec, JwksSourceFor(spec.JwksUrl));
        _authenticators[routeKey] = (text, created);
        return created;
    }

    public void Dispose() => JwksFetcher.Dispose();
}
