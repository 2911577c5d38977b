using System.Net;
using Gantry.ControlPlane.Deploy;

namespace Gantry.ControlPlane.Hosting;

/// <summary>How <c>gantry up</c> runs: where it keeps its data and which ports it listens on.</summary>
/// <param name="HttpAddress">Where the gateway listens for app traffic.</param>
/// <param name="AdminAddress">Where the admin API listens; loopback by default, apart from app traffic.</param>
/// <param name="StaticServerCommand">How to start Gantry's own static file server for <c>index.html</c> sites.</param>
public sealed record ServerOptions(
    string DataDirectory,
    IPAddress HttpAddress,
    int HttpPort,
    IPAddress AdminAddress,
    int AdminPort,
    IReadOnlyList<string> StaticServerCommand)
{
    /// <summary>Where the gateway runs; a process of its own needs <see cref="GatewayExecutable"/>.</summary>
    public GatewayMode Gateway { get; init; } = GatewayMode.InProcess;

    /// <summary>The gantry-gateway program run when <see cref="Gateway"/> is <see cref="GatewayMode.Process"/>.</summary>
    public string? GatewayExecutable { get; init; }

    /// <summary>Which local runtime runs the apps; by default containers when an engine answers, processes otherwise.</summary>
    public RuntimeChoice Runtime { get; init; } = RuntimeChoice.Auto;

    /// <summary>The Docker Engine API to use (Docker or Podman), like <c>DOCKER_HOST</c>; null looks there and at the usual sockets.</summary>
    public string? DockerHost { get; init; }

    /// <summary>The gateway's HTTPS port (certificates by SNI); null turns HTTPS off. Any port may be 0: a free one is chosen.</summary>
    public int? HttpsPort { get; init; } = DefaultHttpsPort;

    /// <summary>An ACME directory (for example Let's Encrypt's) for certificates of public hosts; null: uploads only.</summary>
    public Uri? AcmeDirectory { get; init; }

    /// <summary>The contact e-mail registered with the ACME account.</summary>
    public string? AcmeEmail { get; init; }

    /// <summary>A PEM file with the only CA to trust for the ACME server's own HTTPS (a test CA such as Pebble); null: the system's.</summary>
    public string? AcmeCaFile { get; init; }

    /// <summary>How large and how many files a deploy upload may be.</summary>
    public UploadLimits Uploads { get; init; } = UploadLimits.Default;

    /// <summary>Write one JSON line per request to DATA/logs/access.log.</summary>
    public bool AccessLog { get; init; } = true;

    /// <summary>Routes' JWKS URLs may reach this machine (loopback), and plain http to it; off by default.</summary>
    public bool JwksAllowLoopback { get; init; }

    /// <summary>Routes' JWKS URLs may reach private and link-local networks; off by default.</summary>
    public bool JwksAllowPrivateNetworks { get; init; }

    /// <summary>Where apps' s3 resources get buckets; null: s3 resources are refused.</summary>
    public ObjectStorage.S3Endpoint? ObjectStorage { get; init; }

    /// <summary>The bucket backups are also uploaded to; null: the data directory only.</summary>
    public Resources.Backups.S3BackupTarget? BackupS3 { get; init; }

    /// <summary>How often and how far apart a failing notification is tried before it goes to the failures list.</summary>
    public Notifications.DeliveryPolicy Notifications { get; init; } = Gantry.ControlPlane.Notifications.DeliveryPolicy.Default;

    /// <summary>The mail server e-mail notifications go through; null: e-mail destinations are refused.</summary>
    public Notifications.SmtpServer? Smtp { get; init; }

    /// <summary>Audit entries older than this are removed (the removal is itself an entry); null keeps them all.</summary>
    public TimeSpan? AuditRetention { get; init; }

    /// <summary>Single sign-on for the console through an OpenID Connect provider; null: passwords and tokens only.</summary>
    public Security.Oidc.OidcOptions? Oidc { get; init; }

    public const int DefaultHttpPort = 8080;
    public const int DefaultHttpsPort = 8443;
    public const int DefaultAdminPort = 7070;
}
