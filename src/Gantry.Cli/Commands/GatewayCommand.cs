using System.CommandLine;
using System.Net;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Hosting;
using Gantry.Gateway.Config;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry gateway --config app.json</c>: Gantry's gateway alone, as it runs in a cluster in front of an app whose route policies need it.</summary>
public static class GatewayCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "The app's release spec (JSON, as 'gantry render' puts in the gantry-gateway-config Secret)", Required = true };
        var port = new Option<int>("--port") { Description = "The port to listen on (0: any free port, written to STATE/ports.json)", DefaultValueFactory = _ => 8080 };
        var address = new Option<string>("--address") { Description = "The address to listen on", DefaultValueFactory = _ => "0.0.0.0" };
        var upstream = new Option<string>("--upstream") { Description = "Where a route's workload is reached; {workload} and {port} are filled in", DefaultValueFactory = _ => StandaloneGateway.DefaultUpstream };
        var state = new Option<DirectoryInfo?>("--state") { Description = "Where day and total quota counts are kept (default: a temporary folder)" };
        var jwksLoopback = new Option<bool>("--jwks-allow-loopback") { Description = "Let routes' JWKS URLs reach this machine (loopback), plain http included; off by default" };
        var jwksPrivate = new Option<bool>("--jwks-allow-private") { Description = "Let routes' JWKS URLs reach private and link-local networks (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, fc00::/7, fe80::/10); off by default" };
        var command = new Command("gateway", ApiCommand.Describe(
            "Run Gantry's gateway on its own in front of one app: its routes and policies (JWT, API keys, limits, quotas, circuit breakers) from the app's spec, forwarded to the workloads' Services. 'gantry render' deploys it this way in a cluster.",
            "gantry gateway --config /etc/gantry/app.json --port 8080",
            "gantry gateway --config app.json --upstream http://127.0.0.1:8081"))
        {
            config, port, address, upstream, state, jwksLoopback, jwksPrivate,
        };

        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(config)!;
            var listenPort = parse.GetValue(port);
            if (listenPort is < 0 or > 65535 || !IPAddress.TryParse(parse.GetValue(address), out var listenAddress))
            {
                Printer.Fail(listenPort is < 0 or > 65535 ? $"--port: {listenPort} is not a port (1-65535, or 0 for any free port)" : $"--address: '{parse.GetValue(address)}' is not an IP address");
                return ExitCodes.InvalidInput;
            }

            try
            {
                StandaloneGateway.Check(file.FullName);
            }
            catch (InvalidDataException e)
            {
                Printer.Fail($"--config: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            var stateFolder = parse.GetValue(state)?.FullName ?? Directory.CreateTempSubdirectory("gantry-gateway-").FullName;
            var jwks = new JwksFetchPolicy(parse.GetValue(jwksLoopback), parse.GetValue(jwksPrivate));
            await StandaloneGateway.RunAsync(file.FullName, listenAddress, listenPort, parse.GetValue(upstream)!, stateFolder, ct, jwks);
            return ExitCodes.Success;
        });
        return command;
    }
}
