using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Gateway.Metrics;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Snapshots;
using Gantry.Gateway.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gantry.Gateway.Host;

/// <summary>
/// The gateway process: app traffic on one listener, its health on another (so an overloaded app never hides whether
/// the gateway lives), serving the snapshot it was given or the last one it kept. Ready only while it holds one:
/// a new gateway with nothing to serve takes no traffic.
/// </summary>
internal static partial class GatewayProcess
{
    public const string PortsFile = "ports.json";

    public static async Task<int> RunAsync(GatewayHostOptions options, TextWriter output, TextWriter error)
    {
        Directory.CreateDirectory(options.StateDirectory);
        await using var traffic = BuildTraffic(options, out var listen, out var listenHttps);
        var snapshots = traffic.Services.GetRequiredService<GatewaySnapshotApplier>();
        var logger = traffic.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gantry.Gateway.Host");
        if (Start(options, snapshots, logger) is { } problem)
        {
            await error.WriteLineAsync($"gantry-gateway: {problem}");
            return 1;
        }

        if (options.Feed is { } feed && TokenFileProblem(feed.TokenFile) is { } tokenProblem)
        {
            await error.WriteLineAsync($"gantry-gateway: --token-file: {tokenProblem}");
            return 2;
        }

        // One client for the feed, the reports and the shared quota; set before traffic starts, so no request counts alone.
        using var controlPlane = options.Feed is { } following ? new ControlPlaneClient(following) : null;
        if (controlPlane is not null)
        {
            traffic.Services.GetRequiredService<PolicyState>().SharedQuota = new ControlPlaneQuota(controlPlane);
        }

        await using var health = BuildHealth(options, snapshots, traffic.Services.GetRequiredService<RoutingTable>(), out var healthListen);
        try
        {
            await traffic.StartAsync();
            await health.StartAsync();
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"gantry-gateway: cannot listen: {e.Message}");
            return 1;
        }

        var ports = new Ports(Environment.ProcessId, listen().IPEndPoint!.Port, listenHttps()?.IPEndPoint!.Port, healthListen().IPEndPoint!.Port);
        // Whole or not at all: whoever waits for the file reads it complete.
        var portsFile = Path.Combine(options.StateDirectory, PortsFile);
        File.WriteAllText(portsFile + ".tmp", JsonSerializer.Serialize(ports, JsonSerializerOptions.Web));
        File.Move(portsFile + ".tmp", portsFile, overwrite: true);
        await output.WriteLineAsync(
            $"gantry-gateway {Environment.ProcessId}: traffic on {options.Listen.Address}:{ports.Http}" +
            (options.Https is { } https ? $" and {https.Address}:{ports.Https} (TLS)" : "") + $", health on {options.Health.Address}:{ports.Health}, " +
            (snapshots.Version > 0 ? $"serving snapshot {snapshots.Version}" : "no snapshot yet (not ready)") +
            (options.Feed is { } followed ? $", following {followed.ControlPlane}" : ""));

        await using var stream = options.Feed is { } settings ? Follow(settings, controlPlane!, traffic.Services, options, ports.Http, logger) : null;
        await traffic.WaitForShutdownAsync();
        await health.StopAsync();
        return 0;
    }

    private static ControlPlaneFeed Follow(
        FeedSettings settings, ControlPlaneClient controlPlane, IServiceProvider services, GatewayHostOptions options, int port, ILogger logger)
    {
        var name = settings.Name ?? GatewayNames.From($"{Environment.MachineName}-{port}");
        var feed = new ControlPlaneFeed(
            settings, controlPlane, name, $"{options.Listen.Address}:{port}", services.GetRequiredService<GatewaySnapshotApplier>(),
            new SnapshotFile(options.StateDirectory), services.GetRequiredService<RoutingTable>(), logger);
        feed.Start();
        return feed;
    }

    private static string? TokenFileProblem(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim().Length == 0 ? $"{path} is empty" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Applies the snapshot given on the command line (and keeps it), else the one kept; the problem with a given one.</summary>
    private static string? Start(GatewayHostOptions options, GatewaySnapshotApplier snapshots, ILogger logger)
    {
        var file = new SnapshotFile(options.StateDirectory);
        if (options.SnapshotFile is { } given)
        {
            try
            {
                var snapshot = GatewayConfigJson.Deserialize(File.ReadAllBytes(given));
                snapshots.Apply(snapshot);
                file.Save(snapshot);
                return null;
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                return $"{given}: {e.Message}";
            }
        }

        try
        {
            if (file.Load() is { } kept)
            {
                snapshots.Apply(kept);
                LogServingKept(logger, kept.Version, file.Path);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // Not fatal: a control plane can still send a good one. Until then the gateway is not ready.
            LogKeptUnusable(logger, e.Message);
        }

        return null;
    }

    private static WebApplication BuildTraffic(GatewayHostOptions options, out Func<ListenOptions> listen, out Func<ListenOptions?> listenHttps)
    {
        var builder = CreateBuilder();
        var certificates = new CertificateStore();
        var passthrough = new TlsPassthroughTable();
        builder.Services.AddSingleton(certificates);
        builder.Services.AddSingleton(passthrough);

        // Requests run on the socket's completion thread: the gateway's per-request work is short and never blocks.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        ListenOptions? bound = null;
        ListenOptions? boundHttps = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.Listen, l => bound = l);
            if (options.Https is { } https)
            {
                k.Listen(https, l => boundHttps = l.UseGantryTls(certificates, passthrough));
            }
        });
        builder.Services.AddGantryGateway(gateway =>
        {
            gateway.StateDirectory = options.StateDirectory;
            gateway.AccessLogPath = options.AccessLog;
            gateway.JwksAllowLoopback = options.JwksAllowLoopback;
            gateway.JwksAllowPrivateNetworks = options.JwksAllowPrivate;
        });
        var app = builder.Build();
        app.UseGantryGateway();
        listen = () => bound!;
        listenHttps = () => boundHttps;
        return app;
    }

    private static WebApplication BuildHealth(GatewayHostOptions options, GatewaySnapshotApplier snapshots, RoutingTable routing, out Func<ListenOptions> listen)
    {
        var builder = CreateBuilder();
        ListenOptions? bound = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.Health, l => bound = l);
        });

        // The traffic host owns Ctrl+C and SIGTERM; this one is stopped after it.
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
        var app = builder.Build();
        app.MapGet("/healthz/live", () => Results.Text("live\n"));
        app.MapGet("/healthz/ready", () => snapshots.Version > 0
            ? Results.Text($"ready: snapshot {snapshots.Version}\n")
            : Results.Text("not ready: no snapshot yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));

        // This gateway's own traffic, for Prometheus: on the health listener (loopback by default), beside app traffic.
        app.MapGet("/metrics", () => Results.Text(PrometheusText.Render(routing.Metrics, routing.Policies), PrometheusText.ContentType));
        listen = () => bound!;
        return app;
    }

    private static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // YARP logs every forwarded request at Information: on the hot path that costs more than the forwarding itself.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        return builder;
    }

    [LoggerMessage(EventId = 293, Level = LogLevel.Information, Message = "Serving snapshot {Version} kept in {File}")]
    private static partial void LogServingKept(ILogger logger, long version, string file);

    [LoggerMessage(EventId = 294, Level = LogLevel.Error, Message = "The kept snapshot cannot be used ({Reason}); not ready until a control plane sends one")]
    private static partial void LogKeptUnusable(ILogger logger, string reason);

    /// <summary>The ports as bound (a port asked as 0 shows the one the system chose).</summary>
    internal sealed record Ports(int Pid, int Http, int? Https, int Health);

    private sealed class NoLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
