using System.CommandLine;
using System.Net;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary>
/// <c>gantry gateway</c>: one more gateway following a control plane's configuration stream (<c>--control-plane URL
/// --token-file F</c>: on another machine or in a container); <c>gantry gateway restart</c> restarts gantry up's.
/// </summary>
public static class GatewayCommand
{
    public static Command Create()
    {
        var controlPlane = new Option<string?>("--control-plane") { Description = "Follow this control plane's configuration stream (its admin URL, for example http://10.0.0.5:7070)" };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "The gateway token (the control plane's DATA/gateway-token)" };
        var name = new Option<string?>("--name") { Description = "How the control plane lists this gateway (default: the machine's name and port)" };
        var health = new Option<string?>("--health") { Description = "ADDRESS:PORT of /healthz/live and /healthz/ready (default: 127.0.0.1, any free port)" };
        var port = new Option<int>("--port") { Description = "The port to listen on (0: any free port, written to STATE/ports.json)", DefaultValueFactory = _ => 8080 };
        var address = new Option<string>("--address") { Description = "The address to listen on", DefaultValueFactory = _ => "0.0.0.0" };
        var state = new Option<DirectoryInfo?>("--state") { Description = "Where the gateway keeps its last snapshot and quota counts (default: ~/.local/share/gantry/gateway)" };
        var jwksLoopback = new Option<bool>("--jwks-allow-loopback") { Description = "Let routes' JWKS URLs reach this machine (loopback), plain http included; off by default" };
        var jwksPrivate = new Option<bool>("--jwks-allow-private") { Description = "Let routes' JWKS URLs reach private and link-local networks (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, fc00::/7, fe80::/10); off by default" };
        var noFastPath = new Option<bool>("--no-fast-path") { Description = "Serve every request through Kestrel and YARP, without the fast path for plain HTTP/1.1 requests (docs/gateway-fast-path.md)" };

        // Gone: the cluster's gateway is gantry-gateway now. Kept hidden so the old command line gets a way forward.
        var config = new Option<string?>("--config") { Hidden = true };
        var command = new Command("gateway", ApiCommand.Describe(
            "Run one more of Gantry's gateways, fed by a control plane's configuration stream: it keeps the last snapshot and serves it while the control plane is away, and shows in 'gantry gateways list'. 'kill -USR2 PID' restarts it without refusing a connection (the successor is gantry-gateway, with the same arguments). (A cluster runs the gantry-gateway image that 'gantry render' puts there.)",
            "gantry gateway --control-plane http://10.0.0.5:7070 --token-file /etc/gantry/gateway-token --port 8080",
            "gantry gateway restart"))
        {
            controlPlane, tokenFile, name, health, port, address, state, jwksLoopback, jwksPrivate, noFastPath, config, Restart(),
        };

        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(config) is not null)
            {
                Printer.Fail("--config: gantry gateway no longer serves an app's spec file; render the app again ('gantry render' or a promotion): clusters now run the gantry-gateway image with the app's snapshot (docs/kubernetes.md)");
                return ExitCodes.InvalidInput;
            }

            var listenPort = parse.GetValue(port);
            if (listenPort is < 0 or > 65535 || !IPAddress.TryParse(parse.GetValue(address), out var listenAddress))
            {
                Printer.Fail(listenPort is < 0 or > 65535 ? $"--port: {listenPort} is not a port (1-65535, or 0 for any free port)" : $"--address: '{parse.GetValue(address)}' is not an IP address");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(controlPlane) is not { } url)
            {
                Printer.Fail("--control-plane: required (the admin URL of the control plane to follow, with --token-file FILE)");
                return ExitCodes.InvalidInput;
            }

            var flags = (parse.GetValue(jwksLoopback) ? ["--jwks-allow-loopback"] : Array.Empty<string>())
                .Concat(parse.GetValue(jwksPrivate) ? ["--jwks-allow-private"] : [])
                .Concat(parse.GetValue(noFastPath) ? ["--no-fast-path"] : []);
            return await FollowAsync(url, parse.GetValue(tokenFile), parse.GetValue(name), parse.GetValue(health), new IPEndPoint(listenAddress, listenPort), parse.GetValue(state), flags);
        });
        return command;
    }

    /// <summary><c>gantry gateway restart</c>: gantry up's gateway process hands its sockets to a new one and drains.</summary>
    private static Command Restart()
    {
        var restart = new Command("restart", ApiCommand.Describe(
            "Restart gantry up's gateway process without refusing a connection: a new process takes over the listening sockets, the old one finishes its requests and exits (to apply an upgraded gantry-gateway, or clear its memory).",
            "gantry gateway restart",
            "gantry gateway restart --json"));
        restart.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var restarted = await client.RestartGatewayAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(restarted);
                return ExitCodes.Success;
            }

            Printer.Line($"gateway [bold]{Printer.Escape(restarted.Name)}[/] restarted: process {restarted.PreviousPid} handed over to {restarted.Pid}, serving port {restarted.Http}");
            return ExitCodes.Success;
        }));
        return restart;
    }

    /// <summary>
    /// The gateway that follows a control plane: gantry-gateway itself, run in this process; SIGUSR2 restarts it as the
    /// gantry-gateway beside gantry (without one, the signal keeps its default).
    /// </summary>
    private static Task<int> FollowAsync(string url, FileInfo? tokenFile, string? name, string? health, IPEndPoint listen, DirectoryInfo? state, IEnumerable<string> flags)
    {
        var folder = state?.FullName ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "gantry", "gateway");
        List<string> args = ["--state", folder, "--listen", listen.ToString(), "--control-plane", url];
        args.AddRange(tokenFile is null ? [] : ["--token-file", tokenFile.FullName]);
        args.AddRange(name is null ? [] : ["--name", name]);
        args.AddRange(health is null ? [] : ["--health", health]);
        args.AddRange(flags);
        return UpCommand.GatewayExecutable() is { } successor
            ? Gateway.Host.GatewayHostEntry.RunRestartableAsync(args, Console.Out, Console.Error, successor)
            : Gateway.Host.GatewayHostEntry.RunAsync(args, Console.Out, Console.Error);
    }
}
