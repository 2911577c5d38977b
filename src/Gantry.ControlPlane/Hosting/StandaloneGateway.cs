using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Clients;
using Gantry.ControlPlane.DataPlane;
using Gantry.Gateway;
using Gantry.Gateway.Config;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Snapshots;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gantry.ControlPlane.Hosting;

/// <summary>
/// Gantry's gateway on its own, as it runs in a cluster next to an app (<c>gantry gateway</c>): the app's routes and
/// policies from its spec file, each route forwarded to its workload's Service, and the app's API keys and blocks
/// from <c>clients.json</c> beside it when there is one. The files are read again when they change (a mounted
/// Secret is updated in place), so a new release's policies and keys apply without a restart.
/// </summary>
public static partial class StandaloneGateway
{
    /// <summary>Where a workload's route is sent: in the app's namespace its Service answers by name.</summary>
    public const string DefaultUpstream = "http://{workload}:{port}";

    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(5);

    public static ImmutableArray<RouteConfig> Routes(AppSpec app, string upstream) =>
    [
        .. app.Workloads.SelectMany(w => w.Routes
            .Where(r => r.Policy?.TlsPassthrough != true)
            .Select(r => new RouteConfig(r.Host, r.Path, app.Name, w.Name,
                [new DestinationConfig($"{w.Name}:{r.Port}", upstream.Replace("{workload}", w.Name, StringComparison.Ordinal).Replace("{port}", r.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))])
            {
                RouteName = r.Name,
                Policy = r.Policy.ToConfig(),
                CircuitBreaker = w.CircuitBreaker.ToConfig(),
                MaxConcurrentRequests = app.MaxConcurrentRequests,
            })),
    ];

    /// <summary>Reads and checks the spec file; the message says what is wrong with it.</summary>
    public static AppSpec Load(string file)
    {
        try
        {
            return SpecSerializer.Deserialize(File.ReadAllText(file));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
    }

    /// <summary>Reads the spec file and the clients file beside it (when there is one); the message says what is wrong.</summary>
    public static void Check(string file)
    {
        Load(file);
        var clients = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, ClientsFile.FileName);
        if (File.Exists(clients))
        {
            LoadClients(clients);
        }
    }

    /// <param name="jwks">Where JWKS URLs may be fetched from; null: public https addresses only.</param>
    public static async Task RunAsync(string file, IPAddress address, int port, string upstream, string stateDirectory, CancellationToken ct, JwksFetchPolicy? jwks = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, port, listen => listener = listen);
        });
        builder.Services.AddGantryGateway(gateway =>
        {
            gateway.StateDirectory = stateDirectory;
            gateway.JwksAllowLoopback = jwks?.AllowLoopback ?? false;
            gateway.JwksAllowPrivateNetworks = jwks?.AllowPrivateNetworks ?? false;
        });
        await using var app = builder.Build();
        app.UseGantryGateway();
        var gateway = new Served(app.Services.GetRequiredService<GatewaySnapshotApplier>(), app.Services.GetRequiredService<ILogger<RoutingTable>>());
        var loaded = Publish(file, upstream, gateway, null);
        await app.StartAsync(ct);

        // The port may have been asked as 0: say which one was bound, on the console and in STATE/ports.json.
        var bound = listener!.IPEndPoint!.Port;
        new BoundPorts(Environment.ProcessId, bound, null, null, null).Write(stateDirectory);
        var shown = GantryServer.DisplayHost(address);
        LogListening(gateway.Logger, shown, bound);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(ReloadInterval, ct);
                loaded = Publish(file, upstream, gateway, loaded);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }

        await app.StopAsync(CancellationToken.None);
    }

    /// <summary>Publishes the files' routes, keys and blocks when their content changed; a broken new file keeps what is served.</summary>
    private static string? Publish(string file, string upstream, Served gateway, string? loadedHash)
    {
        var clientsFile = Path.Combine(Path.GetDirectoryName(file)!, ClientsFile.FileName);
        string hash;
        try
        {
            var clientsBytes = File.Exists(clientsFile) ? File.ReadAllBytes(clientsFile) : [];
            hash = Convert.ToHexString(SHA256.HashData([.. File.ReadAllBytes(file), .. clientsBytes]));
        }
        catch (IOException e)
        {
            LogReloadFailed(gateway.Logger, file, e.Message);
            return loadedHash;
        }

        if (hash == loadedHash)
        {
            return loadedHash;
        }

        try
        {
            var spec = Load(file);
            var clients = File.Exists(clientsFile) ? LoadClients(clientsFile) : null;
            var routes = Routes(spec, upstream);
            gateway.Snapshots.Apply(new GatewaySnapshot(gateway.Snapshots.Version + 1)
            {
                Routes = routes,
                Clients = clients is null || clients.IsEmpty ? [] : [clients.ToConfig(spec.Name)],
            });
            LogPublished(gateway.Logger, routes.Length, clients?.Keys.Length ?? 0, file);
            return hash;
        }
        catch (InvalidDataException e) when (loadedHash is not null)
        {
            LogReloadFailed(gateway.Logger, file, e.Message);
            return loadedHash;
        }
    }

    private static ClientsFile LoadClients(string file)
    {
        try
        {
            return ClientsFile.Deserialize(File.ReadAllText(file));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
    }

    [LoggerMessage(EventId = 292, Level = LogLevel.Information, Message = "Gateway listening on http://{Host}:{Port}")]
    private static partial void LogListening(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 290, Level = LogLevel.Information, Message = "Serving {Count} routes and {Keys} API keys from {File}")]
    private static partial void LogPublished(ILogger logger, int count, int keys, string file);

    [LoggerMessage(EventId = 291, Level = LogLevel.Warning, Message = "{File} could not be read again ({Reason}); the routes already served stay")]
    private static partial void LogReloadFailed(ILogger logger, string file, string reason);

    /// <summary>What a reload publishes to.</summary>
    private sealed record Served(GatewaySnapshotApplier Snapshots, ILogger Logger);
}
