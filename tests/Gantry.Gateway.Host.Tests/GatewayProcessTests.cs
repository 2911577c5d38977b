using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gantry.Gateway.Config;
using Gantry.Testing;

namespace Gantry.Gateway.Host.Tests;

/// <summary>
/// <c>gantry-gateway</c> as its own process: not ready without a snapshot, serving one it is given, keeping it, and
/// serving it again after a restart with nothing to feed it.
/// </summary>
public sealed class GatewayProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new("gantry-gateway-host");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task ANewGateway_WithNoSnapshot_IsLive_ButNotReady()
    {
        await using var gateway = await GatewayProcessRunner.StartAsync(_temp.Combine("state"));

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(gateway.HealthPort, "/healthz/live")).Status);
        var ready = await _http.GetAsync(gateway.HealthPort, "/healthz/ready");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: no snapshot yet\n"), ready);
        await Eventually.UntilAsync(() => gateway.Output.Contains("no snapshot yet (not ready)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the gateway to say it is not ready");
    }

    [Fact]
    public async Task AGivenSnapshot_IsServed_AndKept_SoARestartWithNothingToFeedItServesItAgain()
    {
        await using var backend = await Backend.StartAsync("from the app");
        var snapshot = new GatewaySnapshot(5)
        {
            Routes = [new RouteConfig("shop.test", "/", "shop", "web", [new DestinationConfig("i1:8080", backend.Address)])],
        };
        var given = _temp.Combine("snapshot-5.json");
        await File.WriteAllBytesAsync(given, GatewayConfigJson.Serialize(snapshot));
        var state = _temp.Combine("state");

        await using (var first = await GatewayProcessRunner.StartAsync(state, "--snapshot", given))
        {
            Assert.Equal((HttpStatusCode.OK, "ready: snapshot 5\n"), await _http.GetAsync(first.HealthPort, "/healthz/ready"));
            Assert.Equal((HttpStatusCode.OK, "from the app"), await _http.GetAsync(first.HttpPort, "/", "shop.test"));
            var metrics = await _http.GetAsync(first.HealthPort, "/metrics");
            Assert.Contains("app=\"shop\"", metrics.Body, StringComparison.Ordinal);
            Assert.Contains("code=\"2xx\"} 1", metrics.Body, StringComparison.Ordinal);
            Assert.Contains("gantry_gateway_fast_path_requests_total 1\n", metrics.Body, StringComparison.Ordinal);
            Assert.Equal(0, await first.StopAsync());
        }

        File.Delete(given);
        await using var second = await GatewayProcessRunner.StartAsync(state, "--no-fast-path");
        Assert.Equal((HttpStatusCode.OK, "ready: snapshot 5\n"), await _http.GetAsync(second.HealthPort, "/healthz/ready"));
        Assert.Equal((HttpStatusCode.OK, "from the app"), await _http.GetAsync(second.HttpPort, "/", "shop.test"));
        Assert.Contains("gantry_gateway_fast_path_requests_total 0\n", (await _http.GetAsync(second.HealthPort, "/metrics")).Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(second.HttpPort, "/", "other.test")).Status);
    }

    [Fact]
    public async Task OverHttps_TheSnapshotsCertificateIsServedBySni_AndEveryRequestIsLogged()
    {
        await using var backend = await Backend.StartAsync("from the app over TLS");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=shop.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("shop.test");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var snapshot = new GatewaySnapshot(9)
        {
            Routes = [new RouteConfig("shop.test", "/", "shop", "web", [new DestinationConfig("i1:8080", backend.Address)])],
            Certificates = [new CertificateConfig(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem())],
        };
        var given = _temp.Combine("snapshot-9.json");
        await File.WriteAllBytesAsync(given, GatewayConfigJson.Serialize(snapshot));
        var accessLog = _temp.Combine("access.log");

        await using var gateway = await GatewayProcessRunner.StartAsync(_temp.Combine("state"), "--snapshot", given, "--https", "127.0.0.1:0", "--access-log", accessLog);
        string? served = null;
        using var tls = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, gateway.HttpsPort!.Value, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => (served = cert?.Subject) is not null },
        });

        Assert.Equal("from the app over TLS", await tls.GetStringAsync($"https://shop.test:{gateway.HttpsPort}/"));
        Assert.Equal("CN=shop.test", served);
        await Eventually.UntilAsync(() => File.Exists(accessLog) && File.ReadAllText(accessLog).Contains("shop.test", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the request in the access log");
    }

    [Fact]
    public async Task BadArguments_AndASnapshotThatIsNotOne_AreNamed()
    {
        var (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--listen", "nowhere");
        Assert.Equal(2, code);
        Assert.Contains("--listen: 'nowhere' is not ADDRESS:PORT", output, StringComparison.Ordinal);

        (code, output) = await GatewayProcessRunner.RunAsync("--listen", "127.0.0.1:0");
        Assert.Equal(2, code);
        Assert.Contains("--state: required", output, StringComparison.Ordinal);

        (code, output) = await GatewayProcessRunner.RunAsync("--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("kill -USR2 PID: restart without refusing a connection", output, StringComparison.Ordinal);

        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--inherited-fds", "listen=x,health=4");
        Assert.Equal((2, true), (code, output.Contains("--inherited-fds: 'listen=x': not a file descriptor number", StringComparison.Ordinal)));
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--inherited-fds", "listen=3");
        Assert.Equal((2, true), (code, output.Contains("--inherited-fds: 'listen=3': listen=N and health=N are both required", StringComparison.Ordinal)));
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--https", "127.0.0.1:0", "--inherited-fds", "listen=3,health=4");
        Assert.Equal((2, true), (code, output.Contains("--inherited-fds: https=N is missing while --https is given", StringComparison.Ordinal)));

        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--control-plane", "http://127.0.0.1:7070");
        Assert.Equal((2, true), (code, output.Contains("--token-file: required with --control-plane", StringComparison.Ordinal)));
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--control-plane", "ftp://somewhere");
        Assert.Equal((2, true), (code, output.Contains("--control-plane: 'ftp://somewhere' is not an http or https URL", StringComparison.Ordinal)));
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--control-plane", "http://127.0.0.1:7070", "--token-file", _temp.Combine("absent"), "--listen", "127.0.0.1:0");
        Assert.Equal((2, true), (code, output.Contains("--token-file: ", StringComparison.Ordinal) && output.Contains("absent", StringComparison.Ordinal)));
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--control-plane", "http://127.0.0.1:7070", "--token-file", "t", "--name", "no spaces");
        Assert.Equal((2, true), (code, output.Contains("--name: 'no spaces' is not a gateway name", StringComparison.Ordinal)));

        var broken = _temp.Combine("broken.json");
        await File.WriteAllTextAsync(broken, """{"routes":[]}""");
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Combine("state"), "--listen", "127.0.0.1:0", "--snapshot", broken);
        Assert.Equal(1, code);
        Assert.Contains($"gantry-gateway: {broken}:", output, StringComparison.Ordinal);
        Assert.Contains("version", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace
    }

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }
}
