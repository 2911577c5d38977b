using Gantry.Gateway.Config;
using System.Net;

namespace Gantry.Gateway.Host;

/// <summary>What <c>gantry-gateway</c> is started with; <see cref="Parse"/> says which argument is wrong.</summary>
internal sealed record GatewayHostOptions(IPEndPoint Listen, IPEndPoint Health, string StateDirectory, string? SnapshotFile, FeedSettings? Feed)
{
    /// <summary>The HTTPS listener (certificates by SNI, TLS passthrough); null: none.</summary>
    public IPEndPoint? Https { get; init; }

    /// <summary>One JSON line per request; null: none.</summary>
    public string? AccessLog { get; init; }

    public bool JwksAllowLoopback { get; init; }

    public bool JwksAllowPrivate { get; init; }

    /// <summary>Every request goes through Kestrel and YARP (the fast path is the default for plain requests).</summary>
    public bool NoFastPath { get; init; }

    /// <summary>The listening sockets handed over by the gateway this one succeeds; null: it binds its own.</summary>
    public InheritedListeners? Inherited { get; init; }

    public const string Usage = """
        gantry-gateway: Gantry's gateway on its own: follows a control plane's configuration stream, and serves the last
        snapshot it kept while the control plane is away.

        Usage: gantry-gateway --state DIR [--control-plane URL --token-file FILE [--name NAME]]
                              [--listen ADDRESS:PORT] [--https ADDRESS:PORT] [--health ADDRESS:PORT]
                              [--snapshot FILE] [--access-log FILE] [--jwks-allow-loopback] [--jwks-allow-private]
                              [--no-fast-path]

          --state DIR              where it keeps its last snapshot (keys sealed) and ports.json (required)
          --control-plane URL      the control plane's admin URL to follow (for example http://10.0.0.5:7070)
          --token-file FILE        the gateway token (the control plane's DATA/gateway-token); read at every connection
          --name NAME              how the control plane lists it (default: this machine's name and the traffic port)
          --listen ADDRESS:PORT    app traffic (default 127.0.0.1:8080; port 0 picks a free one)
          --https ADDRESS:PORT     app traffic over TLS: certificates by SNI, TLS passthrough hosts (default: none)
          --health ADDRESS:PORT    /healthz/live and /healthz/ready, apart from app traffic (default 127.0.0.1:0)
          --snapshot FILE          apply this snapshot (JSON) at start and keep it as the last one; without
                                   --control-plane, read again every 2 s and applied when it changed (a mounted Secret)
          --access-log FILE        one JSON line per request
          --jwks-allow-loopback    routes' JWKS URLs may reach this machine (and plain http to it)
          --jwks-allow-private     routes' JWKS URLs may reach private and link-local networks
          --no-fast-path           serve every request through Kestrel and YARP, none through the fast path for plain
                                   HTTP/1.1 requests (docs/gateway-fast-path.md)
          --inherited-fds listen=N,https=N,health=N
                                   internal: the listening sockets handed over by the gateway this one succeeds

        kill -USR2 PID: restart without refusing a connection (a successor started with the same arguments, or those in
        DIR/next-args.json, accepts from the same sockets; once it is ready this one drains and exits 0; if it is not,
        it is stopped and this one serves on).

        Examples:
          gantry-gateway --state /var/lib/gantry-gateway --control-plane http://10.0.0.5:7070 --token-file /etc/gantry/gateway-token --listen 0.0.0.0:8080
          gantry-gateway --state ./gw --snapshot snapshot.json --health 127.0.0.1:9901
        """;

    /// <summary>The options, or the problem with the arguments (null options).</summary>
    public static (GatewayHostOptions? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var listen = new IPEndPoint(IPAddress.Loopback, 8080);
        var health = new IPEndPoint(IPAddress.Loopback, 0);
        IPEndPoint? https = null;
        string? state = null, snapshot = null, tokenFile = null, name = null, accessLog = null;
        bool jwksLoopback = false, jwksPrivate = false, noFastPath = false;
        Uri? controlPlane = null;
        InheritedListeners? inherited = null;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option is "--jwks-allow-loopback" or "--jwks-allow-private")
            {
                (jwksLoopback, jwksPrivate) = option == "--jwks-allow-loopback" ? (true, jwksPrivate) : (jwksLoopback, true);
                continue;
            }

            if (option == "--no-fast-path")
            {
                noFastPath = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{option}: a value is missing");
            }

            var value = args[++i];
            switch (option)
            {
                case "--listen" when IPEndPoint.TryParse(value, out var parsed) && value.Contains(':', StringComparison.Ordinal):
                    listen = parsed;
                    break;
                case "--health" when IPEndPoint.TryParse(value, out var parsed) && value.Contains(':', StringComparison.Ordinal):
                    health = parsed;
                    break;
                case "--https" when IPEndPoint.TryParse(value, out var parsed) && value.Contains(':', StringComparison.Ordinal):
                    https = parsed;
                    break;
                case "--listen" or "--health" or "--https":
                    return (null, $"{option}: '{value}' is not ADDRESS:PORT (for example 127.0.0.1:8080)");
                case "--control-plane" when Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https":
                    // A trailing slash makes the feed's relative paths land under the URL's own path.
                    controlPlane = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
                    break;
                case "--control-plane":
                    return (null, $"--control-plane: '{value}' is not an http or https URL (for example http://127.0.0.1:7070)");
                case "--name" when Config.GatewayNames.Problem(value) is { } problem:
                    return (null, $"--name: {problem}");
                case "--name":
                    name = value;
                    break;
                case "--token-file":
                    tokenFile = value;
                    break;
                case "--state":
                    state = value;
                    break;
                case "--snapshot":
                    snapshot = value;
                    break;
                case "--access-log":
                    accessLog = value;
                    break;
                case GatewayCommandLine.InheritedDescriptors:
                    (inherited, var inheritedProblem) = InheritedListeners.Parse(value);
                    if (inherited is null)
                    {
                        return (null, $"{option}: {inheritedProblem}");
                    }

                    break;
                default:
                    return (null, $"{option}: unknown option");
            }
        }

        return (state, controlPlane, tokenFile) switch
        {
            (null, _, _) => (null, "--state: required (where the gateway keeps its last snapshot)"),
            (_, not null, null) => (null, "--token-file: required with --control-plane (the control plane's DATA/gateway-token)"),
            (_, null, not null) => (null, "--token-file: given without --control-plane"),
            (_, null, _) when name is not null => (null, "--name: given without --control-plane"),
            _ when inherited is not null && (inherited.Https is null) != (https is null) =>
                (null, $"{GatewayCommandLine.InheritedDescriptors}: https=N {(https is null ? "given without --https" : "is missing while --https is given")}"),
            _ => (new GatewayHostOptions(listen, health, state, snapshot, controlPlane is null ? null : new FeedSettings(controlPlane, tokenFile!, name))
            {
                Https = https,
                AccessLog = accessLog,
                JwksAllowLoopback = jwksLoopback,
                JwksAllowPrivate = jwksPrivate,
                NoFastPath = noFastPath,
                Inherited = inherited,
            }, null),
        };
    }
}
