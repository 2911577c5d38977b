using System.Globalization;
using System.Net;

namespace Gantry.ControlPlane.DataPlane.Supervision;

/// <summary>The command line <c>gantry up</c> runs its gantry-gateway with: the ports asked, following this control plane.</summary>
public static class GatewayArguments
{
    /// <summary>How <c>gantry gateways list</c> names the gateway <c>gantry up</c> runs.</summary>
    public const string LocalName = "local";

    public static IReadOnlyList<string> For(
        string stateDirectory, Uri controlPlane, string tokenFile, IPEndPoint listen, IPEndPoint? https, string? accessLog, bool jwksLoopback, bool jwksPrivate)
    {
        List<string> args =
        [
            "--state", stateDirectory,
            "--control-plane", controlPlane.AbsoluteUri,
            "--token-file", tokenFile,
            "--name", LocalName,
            "--listen", Format(listen),
            "--health", "127.0.0.1:0",
        ];
        if (https is not null)
        {
            args.AddRange(["--https", Format(https)]);
        }

        if (accessLog is not null)
        {
            args.AddRange(["--access-log", accessLog]);
        }

        if (jwksLoopback)
        {
            args.Add("--jwks-allow-loopback");
        }

        if (jwksPrivate)
        {
            args.Add("--jwks-allow-private");
        }

        return args;
    }

    /// <summary>The admin URL a gateway on this machine reaches: loopback when the admin API listens on every address.</summary>
    public static Uri ControlPlaneUrl(IPAddress adminAddress, int adminPort)
    {
        var host = adminAddress.Equals(IPAddress.Any) ? IPAddress.Loopback
            : adminAddress.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : adminAddress;
        return new Uri($"http://{Format(new IPEndPoint(host, adminPort))}/");
    }

    private static string Format(IPEndPoint endpoint) => endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
}
