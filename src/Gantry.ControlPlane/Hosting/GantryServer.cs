using System.Net;
using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Clients;
using Gantry.ControlPlane.Console;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.DataPlane.Supervision;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Orchestration.Runtimes;
using Gantry.ControlPlane.Resources;
using Gantry.ControlPlane.Secrets;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Oidc;
using Gantry.ControlPlane.Store;
using Gantry.ControlPlane.Targets;
using Gantry.ControlPlane.Tls;
using Gantry.Gateway;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Snapshots;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Container;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Logs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Hosting;

/// <summary>
/// One process, several roles (like k3s): the gateway for app traffic, and the admin API with the control plane and
/// the local orchestrator. Starts them in order and stops them in reverse: apps first, gateway last.
/// </summary>
public sealed class GantryServer : IAsyncDisposable
{
    private readonly WebApplication? _gateway;
    private readonly GatewaySupervisor? _supervisor;
    private readonly WebApplication _admin;
    private int _stopped;

    private GantryServer(WebApplication? gateway, GatewaySupervisor? supervisor, WebApplication admin, ServerOptions options, BoundPorts ports)
    {
        _gateway = gateway;
        _supervisor = supervisor;
        _admin = admin;
        Options = options;
        Ports = ports;
    }

    /// <summary>The options the server runs with, ports as bound (a port asked as 0 shows the one the system chose).</summary>
    public ServerOptions Options { get; }

    /// <summary>The ports listened on, as written to <c>DATA/ports.json</c>.</summary>
    public BoundPorts Ports { get; }

    public IServiceProvider Services => _admin.Services;

    public Uri AdminUrl => new(_admin.Urls.First());

    public Uri GatewayUrl => new($"http://{(Options.HttpAddress.Equals(IPAddress.Any) ? IPAddress.Loopback : Options.HttpAddress)}:{Options.HttpPort}/");

    /// <summary>Builds and starts the gateway, then the control plane; returns once both listen and apps are being restored.</summary>
    /// <param name="logging">Where both hosts log; by default one line per entry on the console.</param>
    /// <param name="services">Adds to the control plane's services (for example an <see cref="Events.IAppEventObserver"/>).</param>
    public static async Task<GantryServer> StartAsync(
        ServerOptions options, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        var data = new DataDirectory(options.DataDirectory);
        data.Create();

        var engine = await LocalRuntimeSetup.ResolveEngineAsync(options, cancellationToken);
        var listeners = new Listeners();
        WebApplication? gateway = null;
        GatewaySupervisor? supervisor = null;
        System.Net.Sockets.Socket? adminSocket = null;
        WebApplication? admin = null;
        try
        {
            if (options.Gateway == GatewayMode.Process)
            {
                // The admin port is bound first: the gateway is told where to follow, and waits in its accept queue.
                adminSocket = SeparateGateway.BindAdmin(options);
                options = options with { AdminPort = ((IPEndPoint)adminSocket.LocalEndPoint!).Port };
                await TokenBootstrap.WriteGatewayFileAsync(data, cancellationToken);
                supervisor = new GatewaySupervisor(SeparateGateway.Settings(options, data), SeparateGateway.Loggers(logging));
                var bound = await supervisor.StartAsync(cancellationToken);
                options = options with { HttpPort = bound.Http, HttpsPort = bound.Https };
            }
            else
            {
                gateway = InProcessGateway.Build(options, data, listeners, logging);
                await gateway.StartAsync(cancellationToken);

                // Ports asked as 0 are known once bound: the control plane (app URLs) and HTTPS redirects use the real ones.
                options = options with { HttpPort = listeners.Port(listeners.Http), HttpsPort = listeners.Https is { } https ? listeners.Port(https) : null };
            }

            admin = BuildAdmin(options, data, engine, gateway?.Services, supervisor, adminSocket, listeners, logging, services);
            var httpsPort = options.HttpsPort;
            admin.Services.GetRequiredService<GatewayConfigSource>().Update(snapshot => snapshot with { HttpsPort = httpsPort });
            await PrepareStoreAsync(admin.Services, data, cancellationToken);
            await admin.StartAsync(cancellationToken);
            options = options with { AdminPort = listeners.Port(listeners.Admin) };
            var ports = new BoundPorts(Environment.ProcessId, options.HttpPort, options.HttpsPort, options.AdminPort, admin.Urls.First());
            ports.Write(data.Root);
            supervisor?.Watch();
            return new GantryServer(gateway, supervisor, admin, options, ports);
        }
        catch
        {
            // The orchestrator may have started apps before the admin port failed to bind: stop them too.
            if (admin is not null)
            {
                await admin.StopAsync(CancellationToken.None);
                await admin.DisposeAsync();
            }

            adminSocket?.Dispose();
            if (supervisor is not null)
            {
                await supervisor.DisposeAsync();
            }

            if (gateway is not null)
            {
                await gateway.StopAsync(CancellationToken.None);
                await gateway.DisposeAsync();
            }

            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _admin.StopAsync(cancellationToken);
        if (_supervisor is not null)
        {
            await _supervisor.StopAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.StopAsync(cancellationToken);
        }

        BoundPorts.Remove(Options.DataDirectory);
    }

    /// <summary>Stops first if nobody did, so no path out of Gantry leaves app processes running.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _admin.DisposeAsync();
        if (_supervisor is not null)
        {
            await _supervisor.DisposeAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    private static WebApplication BuildAdmin(
        ServerOptions options, DataDirectory data, ContainerEngine? engine, IServiceProvider? gateway, GatewaySupervisor? supervisor,
        System.Net.Sockets.Socket? adminSocket, Listeners listeners, Action<ILoggingBuilder>? logging, Action<IServiceCollection>? extra)
    {
        var builder = CreateBuilder();
        ConfigureCommon(builder, logging);
        if (adminSocket is not null)
        {
            builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = _ => adminSocket);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.AdminAddress, options.AdminPort, listen => listeners.Admin = listen);
            k.Limits.MaxRequestBodySize = options.Uploads.MaxRequestBytes;
        });

        // The deploy endpoint sets each request's own limit and answers 413 itself; the form's must not cut in first.
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.Uploads.MaxRequestBytes);

        // The console's files: from the build's manifest when run from a build, from wwwroot when published.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMinutes(1));

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(data);
        services.AddSingleton(TimeProvider.System);
        // What gateways serve goes through their configuration, applied by this process's gateway before it counts;
        // the control plane reads this gateway's routing table (traffic, in-flight requests for drains) and policy state.
        // With the gateway in a process of its own, the gateway's services here validate snapshots and count shared
        // quotas, but serve no traffic.
        if (gateway is null)
        {
            services.AddGantryGateway(g => g.StateDirectory = data.Quotas);
            services.AddSingleton(supervisor!);
        }
        else
        {
            services.AddSingleton(gateway.GetRequiredService<GatewaySnapshotApplier>());
            services.AddSingleton(gateway.GetRequiredService<RoutingTable>());
            services.AddSingleton(gateway.GetRequiredService<PolicyState>());
        }

        services.AddSingleton(sp => new GatewayConfigSource(sp.GetRequiredService<GatewaySnapshotApplier>(), sp.GetRequiredService<TimeProvider>())
        {
            LocalServesTraffic = gateway is not null,
        });
        services.AddSingleton(sp => new GatewayTraffic(sp.GetRequiredService<RoutingTable>(), sp.GetService<GatewaySupervisor>()));
        services.AddSingleton<GatewayChallenges>();
        services.AddSingleton<ConnectedGateways>();
        services.AddSingleton<RestoreGate>();
        services.AddSingleton(sp => new GatewayDrains(sp.GetRequiredService<RoutingTable>(), sp.GetRequiredService<GatewayConfigSource>(), sp.GetRequiredService<ConnectedGateways>()));
        services.AddSingleton<SpecSealing>();
        services.AddDbContextFactory<GantryDbContext>((sp, db) => db
            .UseSqlite($"Data Source={data.Database}")
            .AddInterceptors(new SqlitePragmas(), sp.GetRequiredService<SpecSealing>(), SpecOpening.Instance, sp.GetRequiredService<Audit.AuditWriter>()));
        services.AddSingleton<Audit.AuditWriter>();
        services.AddSingleton<Audit.AuditFilter>();
        services.AddSingleton<Audit.AuditTrail>();
        services.AddSingleton<Audit.ConsoleAudit>();
        services.AddSingleton(sp => new Audit.AuditRetention(
            options.AuditRetention, sp.GetRequiredService<IDbContextFactory<GantryDbContext>>(), sp.GetRequiredService<Audit.AuditWriter>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Audit.AuditRetention>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Audit.AuditRetention>());

        services.AddSingleton<SecretFingerprint>();
        services.AddSingleton<SecretRedactor>();
        services.AddSingleton<SecretScrubber>();
        services.AddSingleton<SecretReveal>();
        services.AddSingleton<ResourceValues>();
        services.AddSingleton<Settings.SettingsStore>();
        services.AddSingleton<PlatformProvisioners>();
        services.AddSingleton<ResourceAllocator>();
        services.AddSingleton(sp => new Gantry.Provisioners.Steps.StepRunner(
            sp.GetRequiredService<ILogger<Gantry.Provisioners.Steps.StepRunner>>(),
            engine is null ? null : new Gantry.Provisioners.Steps.ContainerExec(engine.Client)));
        services.AddSingleton<PlatformServices>();
        services.AddHostedService(sp => sp.GetRequiredService<PlatformServices>());
        services.AddSingleton<ResourcePreparer>();
        services.AddSingleton<ResourceQueries>();
        services.AddSingleton<ResourceRemover>();
        services.AddSingleton<Resources.Backups.BackupFiles>();
        services.AddSingleton(sp => new Resources.Backups.BackupUploader(options.BackupS3, sp.GetRequiredService<Resources.Backups.BackupFiles>()));
        services.AddSingleton<Resources.Backups.BackupService>();
        services.AddSingleton<Resources.Backups.BackupRestorer>();
        services.AddSingleton<Resources.Backups.VolumeBackups>();
        services.AddSingleton<Resources.ResourceSizes>();
        services.AddHostedService<Resources.Backups.BackupScheduler>();
        services.AddSingleton<AppEventLog>();
        services.AddGantryAccess(options.Oidc);
        services.AddProblemDetails();

        // A request the framework cannot bind throws, so BadRequestProblems can say which field was wrong (else a bare 400).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(r => r.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Gantry admin API";
            document.Info.Description = "Deploy apps, follow releases, scale, roll back, read logs and events. Every call needs 'Authorization: Bearer TOKEN'.";
            return Task.CompletedTask;
        }));

        services.AddSingleton(new LogStore(data.Logs));
        services.AddLocalRuntime(options, data, engine);
        services.AddSingleton(RestartPolicy.Default);
        services.AddSingleton<InstanceFactory>();
        services.AddSingleton<ReleaseBuilder>();
        services.AddSingleton<ReleaseActivity>();
        services.AddSingleton<ReleaseLedger>();
        services.AddSingleton<RoutePublisher>();
        services.AddSingleton<ServicePorts.ServicePortDirectory>();
        services.AddSingleton(new ObjectStorage.PlatformBuckets(options.ObjectStorage));
        services.AddSingleton<OrchestratorServices>();
        services.AddSingleton<LocalOrchestrator>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalOrchestrator>());
        services.AddSingleton<Jobs.JobRunStore>();
        services.AddSingleton<Jobs.JobRunner>();
        services.AddSingleton<Jobs.JobScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<Jobs.JobScheduler>());
        services.AddSingleton<Jobs.JobQueries>();
        services.AddPlatformMetrics();
        services.AddSingleton<DeployService>();
        services.AddSingleton<AppQueries>();
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<ClientChanges>();
        services.AddSingleton<CertificateVault>();
        services.AddSingleton<LocalCaFiles>();
        services.AddSingleton<AcmeIssuer>();
        services.AddSingleton<DomainRegistry>();
        services.AddSingleton<TlsChanges>();
        services.AddSingleton<CertificateManager>();
        services.AddHostedService(sp => sp.GetRequiredService<CertificateManager>());
        services.AddSingleton<EnvironmentRegistry>();
        services.AddSingleton<Api.BuildLogs>();
        services.AddSingleton<Git.GitConnections>();
        services.AddSingleton<Git.GitDeployer>();
        services.AddSingleton<Git.GitHooks>();
        services.AddSingleton<Git.GitHookQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<Git.GitHookQueue>());
        services.AddSingleton(options.Notifications);
        services.AddSingleton<Notifications.NotificationDestinations>();
        services.AddSingleton<Notifications.Outbox>();
        services.AddSingleton(new Notifications.EmailSender(options.Smtp));
        services.AddSingleton<Notifications.AmqpSender>();
        services.AddSingleton<Notifications.DestinationSender>();
        services.AddSingleton<Notifications.OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Notifications.OutboxDispatcher>());
        services.AddSingleton(sp => new EnvironmentReleaser(data, sp.GetRequiredService<ClientRegistry>(), TimeSpan.FromSeconds(1)));
        services.AddSingleton<Targets.TeamKubeconfigs>();
        services.AddSingleton<PromotionService>();
        services.AddHostedService(sp => sp.GetRequiredService<PromotionService>());
        services.AddGantryConsole(data.Keys);
        extra?.Invoke(services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ApiResults.StatusCodePageAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAccessGate();
        app.UseAntiforgery();
        app.UseJsonCharsetCheck();
        app.MapGantryApi();
        app.MapGantryConsole();
        app.MapGantryOidc();
        return app;
    }

    /// <summary>A builder that reads no appsettings or command line of the user's: Gantry is configured by <see cref="ServerOptions"/> alone.</summary>
    private static WebApplicationBuilder CreateBuilder() => WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = [],
        ContentRootPath = AppContext.BaseDirectory,
        EnvironmentName = Environments.Production,
    });

    internal static void ConfigureCommon(WebApplicationBuilder builder, Action<ILoggingBuilder>? logging)
    {
        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // YARP logs every forwarded request at Information: on the hot path that costs more than the forwarding itself.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        // A failed start (a port in use) is reported by 'gantry up' in one line; the host would add a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
        }
        else
        {
            logging(builder.Logging);
        }
    }

    /// <summary>Creates or upgrades the store, makes sure the admin token exists, and kills process instances a killed Gantry left behind that nothing will adopt.</summary>
    private static async Task PrepareStoreAsync(IServiceProvider services, DataDirectory data, CancellationToken cancellationToken)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<GantryDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        var tokens = services.GetRequiredService<ApiTokenRegistry>();
        await tokens.LoadAsync(cancellationToken);
        await services.GetRequiredService<Security.Users.UserDirectory>().LoadAsync(cancellationToken);
        await TokenBootstrap.EnsureAdminAsync(data, tokens, cancellationToken);
        await TokenBootstrap.EnsureGatewayAsync(data, tokens, cancellationToken);
        await services.GetRequiredService<ClientRegistry>().LoadAsync(cancellationToken);
        await services.GetRequiredService<DomainRegistry>().LoadAsync(cancellationToken);
        if (services.GetRequiredService<IWorkloadRuntime>() is not ProcessWorkloadRuntime)
        {
            // On the process runtime the orchestrator adopts what a killed Gantry left; on another, nothing would.
            await services.GetRequiredService<ProcessDriver>().ReapOrphansAsync(cancellationToken);
        }
    }

    /// <summary>The address to print for a listener bound to all interfaces.</summary>
    public static string DisplayHost(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "localhost" : address.ToString();
}
