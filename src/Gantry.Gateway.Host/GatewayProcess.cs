using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Gateway.FastPath;
using Gantry.Gateway.Metrics;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Snapshots;
using Gantry.Gateway.Tls;

namespace Gantry.Gateway.Host;

/// <summary>
/// The gateway process: app traffic on one listener, its health on another (so an overloaded app never hides whether
/// the gateway lives), serving the snapshot it was given or the last one it kept. Ready only while it holds one:
/// a new gateway with nothing to serve takes no traffic.
/// </summary>
internal static partial class GatewayProcess
{
    public static async Task<int> RunAsync(GatewayHostOptions options, IReadOnlyList<string> args, SuccessorCommand? restartWith, TextWriter output, TextWriter error)
    {
        Directory.CreateDirectory(options.StateDirectory);

        // Disposed last: the descriptors outlive the hosts that accept from them.
        using var sockets = new ListenerSockets();
        var listen = ListenerSockets.Endpoint(options.Listen, options.Inherited?.Listen);
        var listenHttps = options.Https is { } httpsOption ? ListenerSockets.Endpoint(httpsOption, options.Inherited?.Https) : null;
        var healthListen = ListenerSockets.Endpoint(options.Health, options.Inherited?.Health);
        await using var traffic = BuildTraffic(options, sockets, listen, listenHttps);
        var snapshots = traffic.Services.GetRequiredService<GatewaySnapshotApplier>();
        var logger = traffic.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gantry.Gateway.Host");
        var (problem, given) = Start(options, snapshots, logger);
        if (problem is not null)
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

        await using var health = BuildHealth(
            sockets, healthListen, snapshots, traffic.Services.GetRequiredService<RoutingTable>(), traffic.Services.GetRequiredService<FastPathCounters>());
        try
        {
            await traffic.StartAsync();
            await health.StartAsync();
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            await error.WriteLineAsync($"gantry-gateway: cannot listen: {e.Message}");
            return 1;
        }

        var (bound, boundHttps, boundHealth) = (sockets.Bound(listen), listenHttps is null ? null : sockets.Bound(listenHttps), sockets.Bound(healthListen));
        var ports = new GatewayPorts(Environment.ProcessId, bound.Port, boundHttps?.Port, boundHealth.Port);

        // Before ports.json: a supervisor may signal as soon as it sees the file, and SIGUSR2's default is to terminate.
        using var handover = restartWith is null ? null : new GatewayHandover(
            restartWith, args, options.StateDirectory,
            new InheritedListeners(sockets.Descriptor(listen), listenHttps is null ? null : sockets.Descriptor(listenHttps), sockets.Descriptor(healthListen)),
            Reachable(boundHealth.Address), () => snapshots.Version > 0, traffic.Lifetime.StopApplication, logger);
        handover?.Listen();
        ports.Write(options.StateDirectory);
        await output.WriteLineAsync(
            $"gantry-gateway {Environment.ProcessId}: traffic on {bound}" + (boundHttps is { } https ? $" and {https} (TLS)" : "") + $", health on {boundHealth}, " +
            (snapshots.Version > 0 ? $"serving snapshot {snapshots.Version}" : "no snapshot yet (not ready)") +
            (options.Feed is { } followed ? $", following {followed.ControlPlane}" : "") +
            (options.Inherited is not null ? ", on the sockets of the gateway it succeeds" : ""));

        await using var stream = options.Feed is { } settings ? Follow(settings, controlPlane!, traffic.Services, options, ports.Http, logger) : null;
        await using var watch = options.Feed is null && given is not null
            ? new SnapshotFileWatch(options.SnapshotFile!, snapshots, new SnapshotFile(options.StateDirectory), logger)
            : null;
        watch?.Start(given!);
        await traffic.WaitForShutdownAsync();
        await health.StopAsync();
        return 0;
    }

    /// <summary>Where this process reaches its own listener bound to <paramref name="address"/> (any address: loopback).</summary>
    private static IPAddress Reachable(IPAddress address) =>
        address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;

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

    /// <summary>
    /// Applies the snapshot given on the command line (and keeps it), else the one kept. Returns the problem with a given
    /// one, or its content as applied.
    /// </summary>
    private static (string? Problem, byte[]? Given) Start(GatewayHostOptions options, GatewaySnapshotApplier snapshots, ILogger logger)
    {
        var file = new SnapshotFile(options.StateDirectory);
        if (options.SnapshotFile is { } given)
        {
            try
            {
                var content = File.ReadAllBytes(given);
                var snapshot = GatewayConfigJson.Deserialize(content);
                snapshots.Apply(snapshot);
                file.Save(snapshot);
                return (null, content);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                return ($"{given}: {e.Message}", null);
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

        return (null, null);
    }

    private static WebApplication BuildTraffic(GatewayHostOptions options, ListenerSockets sockets, EndPoint listen, EndPoint? listenHttps)
    {
        var builder = CreateBuilder();
        var certificates = new CertificateStore();
        var passthrough = new TlsPassthroughTable();
        builder.Services.AddSingleton(certificates);
        builder.Services.AddSingleton(passthrough);

        // Requests run on the socket's completion thread: the gateway's per-request work is short and never blocks.
        builder.WebHost.UseSockets(s =>
        {
            s.UnsafePreferInlineScheduling = true;
            s.CreateBoundListenSocket = sockets.CreateBound;
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(listen, l =>
            {
                if (!options.NoFastPath)
                {
                    l.UseGantryFastPath();
                }
            });
            if (listenHttps is not null)
            {
                k.Listen(listenHttps, l => l.UseGantryTls(certificates, passthrough));
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
        return app;
    }

    private static WebApplication BuildHealth(
        ListenerSockets sockets, EndPoint listen, GatewaySnapshotApplier snapshots, RoutingTable routing, FastPathCounters fastPath)
    {
        var builder = CreateBuilder();
        builder.WebHost.UseSockets(s => s.CreateBoundListenSocket = sockets.CreateBound);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(listen);
        });

        // The traffic host owns Ctrl+C and SIGTERM; this one is stopped after it.
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
        var app = builder.Build();
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        app.Use((context, next) =>
        {
            context.Response.Headers[GatewayPorts.PidHeader] = pid;
            return next(context);
        });
        app.MapGet("/healthz/live", () => Results.Text("live\n"));
        app.MapGet("/healthz/ready", () => snapshots.Version > 0
            ? Results.Text($"ready: snapshot {snapshots.Version}\n")
            : Results.Text("not ready: no snapshot yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));

        // This gateway's own traffic, for Prometheus: on the health listener (loopback by default), beside app traffic.
        app.MapGet("/metrics", () => Results.Text(PrometheusText.Render(routing.Metrics, routing.Policies) + fastPath.PrometheusText(), PrometheusText.ContentType));

        // One app's routes over the last hour, minute by minute (what gantry up's API and console show of an app).
        app.MapGet("/metrics/routes", (string app) =>
        {
            var now = routing.Metrics.CurrentMinute;
            return Results.Ok(routing.Metrics.OfApp(app).Select(r => new RouteHistory(r.Route, r.LastHour(now))).ToList());
        });
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

    private sealed record RouteHistory(string Route, IReadOnlyList<MinuteStats> Minutes);

    private sealed class NoLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
