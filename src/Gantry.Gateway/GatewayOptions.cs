namespace Gantry.Gateway;

/// <summary>Tunables of the in-process gateway: transport timeouts, passive health and retries of idempotent requests.</summary>
public sealed class GatewayOptions
{
    /// <summary>How long to wait for a TCP (and TLS) connection to an instance; short because instances are near.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a proxied request may make no progress (no headers, no body bytes) before it is aborted.</summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long a destination that failed to accept a connection is skipped by the balancer.</summary>
    public TimeSpan PassiveHealthReactivation { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Total attempts (first try included) for idempotent requests without a body.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Connections are recycled after this long so address changes behind a name are noticed.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Idle pooled connections are closed after this long.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the gateway keeps state across restarts (quota counters); null keeps it in memory only.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>The HTTPS listener's port, for routes that redirect plain HTTP; null when there is none.</summary>
    public int? HttpsPort { get; set; }

    /// <summary>The access log file (one JSON line per request); null writes none.</summary>
    public string? AccessLogPath { get; set; }

    /// <summary>
    /// Per-client entries each policy table keeps (rate counters, bandwidth windows); the least recently used make
    /// room, so clients cannot grow the gateway's memory. A few hundred bytes each.
    /// </summary>
    public int MaxClientEntries { get; set; } = Policies.RateCounterStore.DefaultCapacity;

    /// <summary>A condition that repeats on every request (an app with no ready instance) is logged at most once per this, with a count of the rest.</summary>
    public TimeSpan RepeatedLogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>JWKS URLs may reach loopback addresses (this machine), and plain http to them; off: a route cannot aim the gateway at itself.</summary>
    public bool JwksAllowLoopback { get; set; }

    /// <summary>JWKS URLs may reach private and link-local addresses (RFC 1918, 100.64/10, fc00::/7, 169.254/16, fe80::/10).</summary>
    public bool JwksAllowPrivateNetworks { get; set; }
}
