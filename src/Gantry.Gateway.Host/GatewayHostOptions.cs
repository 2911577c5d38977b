using System.Net;

namespace Gantry.Gateway.Host;

/// <summary>What <c>gantry-gateway</c> is started with; <see cref="Parse"/> says which argument is wrong.</summary>
internal sealed record GatewayHostOptions(IPEndPoint Listen, IPEndPoint Health, string StateDirectory, string? SnapshotFile)
{
    public const string Usage = """
        gantry-gateway: Gantry's gateway on its own, serving the last configuration snapshot it was given.

        Usage: gantry-gateway --state DIR [--listen ADDRESS:PORT] [--health ADDRESS:PORT] [--snapshot FILE]

          --state DIR              where it keeps its last snapshot (keys sealed) and ports.json (required)
          --listen ADDRESS:PORT    app traffic (default 127.0.0.1:8080; port 0 picks a free one)
          --health ADDRESS:PORT    /healthz/live and /healthz/ready, apart from app traffic (default 127.0.0.1:0)
          --snapshot FILE          apply this snapshot (JSON) at start and keep it as the last one

        Example:
          gantry-gateway --state /var/lib/gantry-gateway --listen 0.0.0.0:8080 --health 127.0.0.1:9901
        """;

    /// <summary>The options, or the problem with the arguments (null options).</summary>
    public static (GatewayHostOptions? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var listen = new IPEndPoint(IPAddress.Loopback, 8080);
        var health = new IPEndPoint(IPAddress.Loopback, 0);
        string? state = null;
        string? snapshot = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                return (null, $"{name}: a value is missing");
            }

            var value = args[++i];
            switch (name)
            {
                case "--listen" when IPEndPoint.TryParse(value, out var parsed) && value.Contains(':', StringComparison.Ordinal):
                    listen = parsed;
                    break;
                case "--health" when IPEndPoint.TryParse(value, out var parsed) && value.Contains(':', StringComparison.Ordinal):
                    health = parsed;
                    break;
                case "--listen" or "--health":
                    return (null, $"{name}: '{value}' is not ADDRESS:PORT (for example 127.0.0.1:8080)");
                case "--state":
                    state = value;
                    break;
                case "--snapshot":
                    snapshot = value;
                    break;
                default:
                    return (null, $"{name}: unknown option");
            }
        }

        return state is null ? (null, "--state: required (where the gateway keeps its last snapshot)") : (new GatewayHostOptions(listen, health, state, snapshot), null);
    }
}
