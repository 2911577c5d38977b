using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>HTTPS through a real 'gantry up': local-CA certificates for *.localhost, uploads, custom domains.</summary>
public sealed class HttpsTests() : RunningGantryTest("gantry-https")
{
    [Fact]
    public async Task LocalhostApps_AreServedOverHttps_WithACertificateFromTheLocalCa_ThatGantryCaPrints()
    {
        await DeployAsync("echo", "echo.localhost");
        var caFile = Temp.Combine("ca.pem");
        var ca = await Gantry.RunAsync("ca", "-o", caFile);
        Assert.True(ca.ExitCode == 0, ca.ToString());
        using var root = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caFile));
        Assert.Contains("Gantry local CA", root.Subject);

        using var client = HttpsClient(trusting: root);
        var body = await Eventually.UntilAsync(
            async () => await TryGetAsync(client, "https://echo.localhost/"), text => text?.Contains("echo site", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30), "echo.localhost to answer over HTTPS");
        Assert.Contains("echo site", body);

        var domains = await Gantry.RunAsync("domains", "list", "--json");
        using var json = JsonDocument.Parse(domains.Stdout);
        var echo = json.RootElement.EnumerateArray().Single(d => d.GetProperty("host").GetString() == "echo.localhost");
        Assert.Equal("local-ca", echo.GetProperty("certificate").GetProperty("source").GetString());
        Assert.InRange(echo.GetProperty("certificate").GetProperty("daysLeft").GetInt32(), 88, 90);
        Assert.Contains("echo.localhost", (await Gantry.RunAsync("certs", "list")).Stdout);
    }

    [Fact]
    public async Task AnUploadedCertificate_IsServedForItsHost_AndBadUploadsAreRefusedWithTheReason()
    {
        var (certFile, keyFile, thumbprint) = WriteSelfSigned("shop.example.test", "uploaded");
        var (_, otherKey, _) = WriteSelfSigned("shop.example.test", "other");

        var mismatched = await Gantry.RunAsync("certs", "add", "--cert", certFile, "--key", otherKey);
        Assert.Equal(2, mismatched.ExitCode);
        Assert.Contains("the private key does not belong to the certificate", mismatched.Stderr);
        var missing = await Gantry.RunAsync("certs", "add", "--cert", Temp.Combine("nope.pem"), "--key", keyFile);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr);

        var added = await Gantry.RunAsync("certs", "add", "--cert", certFile, "--key", keyFile);
        Assert.True(added.ExitCode == 0, added.ToString());
        await DeployAsync("shop", "shop.example.test");

        var served = await Eventually.UntilAsync(() => HandshakeAsync("shop.example.test"), t => t == thumbprint, TimeSpan.FromSeconds(30),
            "the uploaded certificate to be served");
        Assert.Equal(thumbprint, served);
        Assert.Null(await HandshakeAsync("unknown.example.test"));
    }

    [Fact]
    public async Task ACustomDomain_IsRoutedLikeTheAppsHost_ConflictsAreRefused_AndRemovingItStopsIt()
    {
        await DeployAsync("shop", "shop.localhost");
        await DeployAsync("blog", "blog.localhost");

        var added = await Gantry.RunAsync("domains", "add", "shop", "www.shop.test");
        Assert.True(added.ExitCode == 0, added.ToString());
        var response = await Gantry.GetAsync("www.shop.test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("shop site", await response.Content.ReadAsStringAsync());

        var taken = await Gantry.RunAsync("domains", "add", "shop", "blog.localhost");
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("already routed to app 'blog'", taken.Stderr);
        var twice = await Gantry.RunAsync("domains", "add", "blog", "www.shop.test");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("already a domain of app 'shop'", twice.Stderr);
        var list = await Gantry.RunAsync("domains", "list");
        Assert.Contains("www.shop.test", list.Stdout);
        Assert.Contains("custom", list.Stdout);

        Assert.Equal(0, (await Gantry.RunAsync("domains", "remove", "shop", "www.shop.test")).ExitCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Gantry.GetAsync("www.shop.test")).StatusCode);
    }

    [Fact]
    public async Task APassthroughRoute_ReachesAnAppThatTerminatesTlsItself_WithItsOwnCertificate()
    {
        var folder = Temp.Combine("vault");
        Directory.CreateDirectory(folder);
        var (certFile, keyFile, thumbprint) = WriteSelfSigned("vault.example.test", "vault");
        File.Copy(certFile, Path.Combine(folder, "cert.pem"));
        File.Copy(keyFile, Path.Combine(folder, "key.pem"));
        await File.WriteAllTextAsync(Path.Combine(folder, "score.yaml"), """
            apiVersion: score.dev/v1b1
            metadata:
              name: vault
            service:
              ports:
                tls: { port: 443, targetPort: 8443 }
            containers:
              server:
                image: .
                command: ["sh", "-c", "exec openssl s_server -quiet -accept 127.0.0.1:$PORT -cert cert.pem -key key.pem -www"]
            resources:
              route:
                type: route
                params: { host: vault.example.test, path: /, port: 443 }
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "gantry.yaml"), """
            name: vault
            workloads:
              - score: score.yaml
                routes:
                  route: { tls: passthrough }
            """);

        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, "gantry.yaml"), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        var served = await Eventually.UntilAsync(() => HandshakeAsync("vault.example.test"), t => t == thumbprint, TimeSpan.FromSeconds(30),
            "the app's own certificate to come through the gateway");
        Assert.Equal(thumbprint, served);
        Assert.Equal(HttpStatusCode.NotFound, (await Gantry.GetAsync("vault.example.test")).StatusCode);
    }

    private async Task DeployAsync(string name, string host)
    {
        var folder = Temp.Combine(name);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), $"<h1>{name} site</h1>");
        await File.WriteAllTextAsync(Path.Combine(folder, "score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: {{name}}
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              site:
                image: .
            resources:
              route:
                type: route
                params: { host: {{host}}, path: /, port: 80 }
            """);
        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, "score.yaml"), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
    }

    private (string Cert, string Key, string Thumbprint) WriteSelfSigned(string host, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        var certFile = Temp.Combine($"{name}.crt");
        var keyFile = Temp.Combine($"{name}.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportECPrivateKeyPem());
        return (certFile, keyFile, certificate.Thumbprint);
    }

    /// <summary>The thumbprint of the certificate the gateway sends for <paramref name="serverName"/>, or null when the handshake fails.</summary>
    private async Task<string?> HandshakeAsync(string serverName)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Gantry.HttpsPort);

        // Only looks at which certificate is sent; whether it is trusted is not the question here.
#pragma warning disable CA5359
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
#pragma warning restore CA5359
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName });
            return new X509Certificate2(ssl.RemoteCertificate!).Thumbprint;
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            return null;
        }
    }

    private HttpClient HttpsClient(X509Certificate2 trusting) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, Gantry.HttpsPort, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { trusting },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        },
    });

    private static async Task<string?> TryGetAsync(HttpClient client, string url)
    {
        try
        {
            return await client.GetStringAsync(url);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
