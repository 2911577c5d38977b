using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Orchestration;
using Gantry.Gateway.Config;

namespace Gantry.Gateway.Host.Tests;

/// <summary>
/// A real control plane in the tests' process (process runtime, no apps), on an admin port the test chooses so a
/// second one can take the first one's place. Routes are published the way the orchestrator publishes an app's.
/// </summary>
internal sealed class ControlPlaneRunner : IAsyncDisposable
{
    private readonly GantryServer _server;
    private int _disposed;

    private ControlPlaneRunner(GantryServer server, string data)
    {
        _server = server;
        Admin = new HttpClient { BaseAddress = server.AdminUrl };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(data, "admin-token")).Trim());
        GatewayTokenFile = Path.Combine(data, "gateway-token");
    }

    public HttpClient Admin { get; }

    public string Url => _server.AdminUrl.ToString();

    public string GatewayTokenFile { get; }

    /// <summary>The app traffic port of the control plane's own gateway.</summary>
    public int GatewayPort => _server.GatewayUrl.Port;

    public long Version => _server.Services.GetRequiredService<GatewayConfigSource>().Current.Version;

    public static async Task<ControlPlaneRunner> StartAsync(string data, int adminPort = 0)
    {
        var options = new ServerOptions(data, IPAddress.Loopback, 0, IPAddress.Loopback, adminPort, ["false"])
        {
            Runtime = RuntimeChoice.Process,
            HttpsPort = null,
        };
        var server = await GantryServer.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        return new ControlPlaneRunner(server, data);
    }

    /// <summary>Routes <paramref name="host"/> of an app to <paramref name="backend"/>, as a release's ready instance would be.</summary>
    public void Route(string app, string host, Backend backend) =>
        _server.Services.GetRequiredService<RoutePublisher>().Publish(app, [new RouteConfig(host, "/", app, "web", [new DestinationConfig($"{app}-1:80", backend.Address)])]);

    /// <summary>Routes <paramref name="host"/> to <paramref name="backend"/> as the app's route <paramref name="routeName"/>, with its policies.</summary>
    public void Route(string app, string host, Backend backend, string routeName, RoutePolicyConfig policy) =>
        _server.Services.GetRequiredService<RoutePublisher>().Publish(app,
            [new RouteConfig(host, "/", app, "web", [new DestinationConfig($"{app}-1:80", backend.Address)]) { RouteName = routeName, Policy = policy }]);

    /// <summary>What the orchestrator does before it stops an instance: waits until no gateway has a request in flight to it.</summary>
    public Task<bool> DrainAsync(string app, TimeSpan timeout) =>
        _server.Services.GetRequiredService<GatewayDrains>().WaitAsync($"{app}-1:80", timeout, CancellationToken.None);

    public void Unroute(string app) => _server.Services.GetRequiredService<RoutePublisher>().Remove(app);

    public async Task<ImmutableArray<GatewayInfo>> GatewaysAsync() =>
        (await Admin.GetFromJsonAsync<ImmutableArray<GatewayInfo>>("api/v1/gateways"));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Admin.Dispose();
        await _server.DisposeAsync();
    }
}
