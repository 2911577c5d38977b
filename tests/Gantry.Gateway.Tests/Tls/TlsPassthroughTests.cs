using System.Collections.Immutable;
using System.Net;
using Gantry.Gateway.Tls;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Gateway.Tests.Tls;

public sealed class TlsPassthroughTests
{
    [Fact]
    public async Task APassthroughHost_ReachesTheAppStillEncrypted_WithTheAppsOwnCertificate_AndOtherHostsTerminateAtTheGateway()
    {
        var appCertificate = TestCertificates.SelfSigned(["secure.example.test"]);
        var (app, appPort) = await StartHttpsAppAsync(appCertificate);
        await using var stopApp = app;
        var store = new CertificateStore();
        var gatewayCertificate = TestCertificates.Served("other.example.test");
        store.Replace([gatewayCertificate]);
        var passthrough = new TlsPassthroughTable();
        passthrough.Replace([new("secure.example.test", [new IPEndPoint(IPAddress.Loopback, appPort)])]);
        await using var gateway = await TlsTestServer.StartAsync(store, passthrough);

        Assert.Equal(appCertificate.Thumbprint, (await gateway.HandshakeAsync("secure.example.test")).Leaf?.Thumbprint);
        Assert.Equal(gatewayCertificate.Leaf.Thumbprint, (await gateway.HandshakeAsync("other.example.test")).Leaf?.Thumbprint);

        using var client = gateway.ClientTrusting(appCertificate);
        Assert.Equal("the app itself answered over its own TLS", await client.GetStringAsync("https://secure.example.test/"));
    }

    [Fact]
    public async Task APassthroughHostWithoutInstances_ClosesTheConnection()
    {
        var store = new CertificateStore();
        var passthrough = new TlsPassthroughTable();
        passthrough.Replace([new("secure.example.test", ImmutableArray<IPEndPoint>.Empty)]);
        await using var gateway = await TlsTestServer.StartAsync(store, passthrough);

        Assert.Null((await gateway.HandshakeAsync("secure.example.test")).Leaf);
    }

    private static async Task<(WebApplication App, int Port)> StartHttpsAppAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("the app itself answered over its own TLS"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return (app, address.Port);
    }
}
