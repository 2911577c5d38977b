using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.FastPath;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Snapshots;
using Gantry.Gateway.Tls;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway as the product runs it: its own WebApplication on 127.0.0.1:0, the fast path in front of Kestrel and
/// a pipeline that is just UseGantryGateway.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGateway(WebApplication app, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Table = app.Services.GetRequiredService<RoutingTable>();
    }

    public RoutingTable Table { get; }

    public GatewayClients Clients => _app.Services.GetRequiredService<GatewayClients>();

    public PolicyState Policies => _app.Services.GetRequiredService<PolicyState>();

    public GatewaySnapshotApplier Snapshots => _app.Services.GetRequiredService<GatewaySnapshotApplier>();

    public CertificateStore Certificates => _app.Services.GetRequiredService<CertificateStore>();

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Requests the fast path forwarded (the rest went through Kestrel and YARP).</summary>
    public long FastPathForwarded => _app.Services.GetRequiredService<FastPathCounters>().Forwarded;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<TestGateway> StartAsync(Action<GatewayOptions>? configure = null)
    {
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseGantryFastPath()));
        builder.Services.AddGantryGateway(configure);
        var app = builder.Build();
        app.UseGantryGateway();
        await app.StartAsync();

        var gateway = new TestGateway(app, logs);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        // No proxy from the environment may sit between the test and the gateway.
        gateway.Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        return gateway;
    }

    public void Publish(params RouteConfig[] routes) => Table.Publish(routes);

    public Task<HttpResponseMessage> SendAsync(string host, string path, HttpMethod? method = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path) { Content = content };

        // Without validation so tests can send hosts a browser never would.
        request.Headers.TryAddWithoutValidation("Host", host);
        return Client.SendAsync(request);
    }

    public async Task<string> GetStringAsync(string host, string path)
    {
        using var response = await SendAsync(host, path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
