using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>Certificates for public hosts from a real ACME server (Pebble), through a real 'gantry up' whose gateway answers the challenges.</summary>
public sealed class AcmeTests : IAsyncLifetime
{
    private const string Host = "shop.example.test";
    private readonly TempDirectory _temp = new("gantry-acme");
    private PebbleServer _pebble = null!;
    private ReservedPort _httpPort = null!;
    private GantryProcess _gantry = null!;

    public async Task InitializeAsync()
    {
        // Pebble validates http-01 at the gateway's HTTP port; its certificates live 90 s, so renewal comes after 60 s.
        // Pebble is told that port before Gantry starts, so it is reserved up front rather than asked as 0.
        _httpPort = ReservedPort.Take();
        _pebble = await PebbleServer.StartAsync(_httpPort.Number, validity: TimeSpan.FromSeconds(90));
        var caFile = _temp.Combine("pebble-tls.pem");
        await File.WriteAllTextAsync(caFile, _pebble.TlsCertificatePem);
        _gantry = await GantryProcess.StartAsync(_temp.Combine("data"), httpPort: _httpPort.Number,
            extraArgs: ["--acme-directory", _pebble.DirectoryUrl.ToString(), "--acme-email", "ops@example.test", "--acme-ca-file", caFile]);
    }

    [Fact]
    public async Task APublicHost_GetsACertificateFromAcme_ChainingToPebblesRoot_RenewedBeforeExpiry_AndAFailedRenewalKeepsTheOldOne()
    {
        await DeployAsync();
        using var root = await _pebble.GetRootAsync();

        var first = await Eventually.UntilAsync(() => HandshakeAsync(root), c => c is not null, TimeSpan.FromSeconds(60),
            $"{Host} to be served with a certificate chaining to Pebble's root\n{_gantry.Output}");
        Assert.Contains(Host, first!.Subject);

        // Renewed on its own a third of the lifetime before expiry.
        var renewed = await Eventually.UntilAsync(() => HandshakeAsync(root), c => c is not null && c.Thumbprint != first.Thumbprint,
            TimeSpan.FromSeconds(100), "the certificate to be renewed");
        Assert.True(renewed!.NotAfter > first.NotAfter);

        // Pebble's DNS now points the host where nothing answers: the next renewal fails, is reported, and the current certificate stays.
        await _pebble.ResolveAsync(Host, "127.0.0.2");
        var problem = await Eventually.UntilAsync(ProblemAsync, p => p is not null, TimeSpan.FromSeconds(100), "the failed renewal to be reported");
        Assert.Contains("ACME failed", problem);
        Assert.Contains("the challenge for 'shop.example.test' failed", problem);
        Assert.Equal(renewed.Thumbprint, (await HandshakeAsync(root))?.Thumbprint);

        // Each issuance and the failure are the app's events, so they can notify.
        var events = await Eventually.UntilAsync(EventsAsync, e => e.Any(x => x.Kind == "certificate.failed"), TimeSpan.FromSeconds(30), "the certificate.failed event");
        Assert.True(events.Count(e => e.Kind == "certificate.issued") >= 2, string.Join("\n", events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Contains($"a certificate for {Host} was issued by ACME", events.First(e => e.Kind == "certificate.issued").Message, StringComparison.Ordinal);
        Assert.Contains($"ACME could not issue a certificate for {Host}", events.First(e => e.Kind == "certificate.failed").Message, StringComparison.Ordinal);
    }

    private async Task<List<(string Kind, string Message)>> EventsAsync()
    {
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_gantry.AdminPort}/") };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(Path.Combine(_gantry.DataDirectory, "admin-token"))).Trim());
        using var json = JsonDocument.Parse(await admin.GetStringAsync("api/v1/events?app=shop"));
        return [.. json.RootElement.EnumerateArray().Select(e => (e.GetProperty("kind").GetString()!, e.GetProperty("message").GetString()!))];
    }

    public async Task DisposeAsync()
    {
        await _gantry.DisposeAsync();
        await _pebble.DisposeAsync();
        _httpPort.Dispose();
        _temp.Dispose();
    }

    private async Task DeployAsync()
    {
        var folder = _temp.Combine("shop");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), "<h1>shop</h1>");
        await File.WriteAllTextAsync(Path.Combine(folder, "score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: shop
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              site:
                image: .
            resources:
              route:
                type: route
                params: { host: {{Host}}, path: /, port: 80 }
            """);
        var deploy = await _gantry.RunAsync("deploy", "-f", Path.Combine(folder, "score.yaml"), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
    }

    /// <summary>The certificate served for the host, when it chains to <paramref name="root"/>; null otherwise.</summary>
    private async Task<X509Certificate2?> HandshakeAsync(X509Certificate2 root)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _gantry.HttpsPort);
        await using var ssl = new SslStream(tcp.GetStream());
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = Host,
                CertificateChainPolicy = PebbleServer.TrustOnly(root),
            });
            return new X509Certificate2(ssl.RemoteCertificate!);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            return null;
        }
    }

    private async Task<string?> ProblemAsync()
    {
        var list = await _gantry.RunAsync("domains", "list", "--json");
        using var json = JsonDocument.Parse(list.Stdout);
        var host = json.RootElement.EnumerateArray().Single(d => d.GetProperty("host").GetString() == Host);
        return host.TryGetProperty("problem", out var problem) && problem.ValueKind == JsonValueKind.String ? problem.GetString() : null;
    }
}
