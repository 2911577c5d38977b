using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>
/// Everything a gateway serves at one moment, replaced whole: a gateway applies a snapshot entirely or not at all, so
/// it never serves half of one. <c>Version</c> grows with every change the control plane makes, and a gateway reports
/// the version it applied.
/// </summary>
/// <param name="Version">Increases with every snapshot the control plane makes; 0 is never sent.</param>
public sealed record GatewaySnapshot(long Version)
{
    /// <summary>HTTP routes (hosts of TLS-passthrough routes are in <see cref="Passthrough"/> instead).</summary>
    public ImmutableArray<RouteConfig> Routes { get; init => field = value.OrEmpty(); } = [];

    /// <summary>Hosts whose apps terminate TLS themselves: their connections are piped, still encrypted, to an instance.</summary>
    public ImmutableArray<PassthroughConfig> Passthrough { get; init => field = value.OrEmpty(); } = [];

    /// <summary>Each app's API keys and blocked clients; an app not listed has neither.</summary>
    public ImmutableArray<AppClientsConfig> Clients { get; init => field = value.OrEmpty(); } = [];

    /// <summary>The certificates served by SNI on the HTTPS listener.</summary>
    public ImmutableArray<CertificateConfig> Certificates { get; init => field = value.OrEmpty(); } = [];

    /// <summary>ACME http-01 answers pending now, served at <c>/.well-known/acme-challenge/TOKEN</c>.</summary>
    public ImmutableArray<AcmeChallengeConfig> AcmeChallenges { get; init => field = value.OrEmpty(); } = [];

    /// <summary>The HTTPS port plain-HTTP requests are redirected to (routes with <c>httpsRedirect</c>); null: none.</summary>
    public int? HttpsPort { get; init; }
}
