using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>
/// What the gateway enforces on one route, as an app's <c>gantry.yaml</c> declares it (<c>workloads[].routes.NAME</c>);
/// applied in the order documented in docs/gateway.md. Null or empty parts are not enforced.
/// </summary>
public sealed record RoutePolicyConfig
{
    public AuthConfig? Auth { get; init; }

    /// <summary>Who may call which methods; a request must satisfy every rule that names its method.</summary>
    public ImmutableArray<AccessRuleConfig> Access { get; init => field = value.OrEmpty(); } = [];

    public RateLimitConfig? RateLimit { get; init; }

    /// <summary>Largest request body accepted, in bytes (413 above it).</summary>
    public long? MaxBodyBytes { get; init; }

    /// <summary>Request and response body bytes a client may move per minute (429 above it).</summary>
    public long? BandwidthPerMinute { get; init; }

    /// <summary>How long the app may take to answer (504 after it).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Extra attempts on another instance for idempotent requests without a body that failed before any response.</summary>
    public int? Retries { get; init; }

    /// <summary>Only these addresses or CIDR ranges may call the route; empty means everyone.</summary>
    public ImmutableArray<string> IpAllow { get; init => field = value.OrEmpty(); } = [];

    /// <summary>These addresses or CIDR ranges are refused (403), before the allow list is looked at.</summary>
    public ImmutableArray<string> IpDeny { get; init => field = value.OrEmpty(); } = [];

    public CorsConfig? Cors { get; init; }

    /// <summary>HTTPS connections for the route's host go to the app still encrypted (it terminates TLS itself), chosen by SNI.</summary>
    public bool TlsPassthrough { get; init; }

    /// <summary>Plain-HTTP requests are redirected (308) to HTTPS.</summary>
    public bool HttpsRedirect { get; init; }
}
