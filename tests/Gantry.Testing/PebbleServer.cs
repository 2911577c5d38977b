using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Gantry.Testing;

/// <summary>
/// A real Pebble (Let's Encrypt's ACME test server, Debian package 'pebble') with pebble-challtestsrv as its DNS:
/// every name resolves to 127.0.0.1, and http-01 challenges are validated against <c>httpPort</c> there.
/// </summary>
public sealed class PebbleServer : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly Process _pebble;
    private readonly Process _dns;
    private readonly X509Certificate2 _tls;
    private readonly StringBuilder _output;
    private readonly ReservedPort[] _ports;

    private PebbleServer(TempDirectory folder, Process pebble, Process dns, X509Certificate2 tls, ReservedPort[] ports, int port, int managementPort, int dnsManagementPort, StringBuilder output)
    {
        _folder = folder;
        _ports = ports;
        _pebble = pebble;
        _dns = dns;
        _tls = tls;
        _output = output;
        DirectoryUrl = new Uri($"https://127.0.0.1:{port}/dir");
        ManagementUrl = new Uri($"https://127.0.0.1:{managementPort}/");
        DnsManagementUrl = new Uri($"http://127.0.0.1:{dnsManagementPort}/");
    }

    public Uri DirectoryUrl { get; }

    public Uri ManagementUrl { get; }

    public Uri DnsManagementUrl { get; }

    /// <summary>The PEM of the certificate Pebble's API is served with (trust it to talk to Pebble).</summary>
    public string TlsCertificatePem => _tls.ExportCertificatePem();

    /// <summary>What Pebble printed, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="httpPort">Where Pebble connects for http-01 validation (on 127.0.0.1).</param>
    /// <param name="nonceRejectPercent">How many valid nonces Pebble rejects with badNonce.</param>
    /// <param name="validity">Lifetime of the certificates it issues (default Pebble's five years).</param>
    public static async Task<PebbleServer> StartAsync(int httpPort, int nonceRejectPercent = 0, TimeSpan? validity = null)
    {
        if (!File.Exists("/usr/bin/pebble") || !File.Exists("/usr/bin/pebble-challtestsrv"))
        {
            throw new InvalidOperationException("Pebble is not installed: apt-get install -y pebble (./test.sh does this)");
        }

        var folder = new TempDirectory("gantry-pebble");
        var tls = CreateTlsCertificate();
        await File.WriteAllTextAsync(folder.Combine("cert.pem"), tls.ExportCertificatePem());
        using (var key = tls.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(folder.Combine("key.pem"), key.ExportECPrivateKeyPem());
        }

        // Pebble and its DNS are told their ports in their configuration: they cannot listen on 0 and say where they are.
        ReservedPort[] ports = [ReservedPort.Take(), ReservedPort.Take(), ReservedPort.Take(), ReservedPort.Take(), ReservedPort.Take()];
        int port = ports[0].Number, management = ports[1].Number, dnsPort = ports[2].Number, dnsManagement = ports[3].Number;
        var config = new Dictionary<string, object>
        {
            ["listenAddress"] = $"127.0.0.1:{port}",
            ["managementListenAddress"] = $"127.0.0.1:{management}",
            ["certificate"] = folder.Combine("cert.pem"),
            ["privateKey"] = folder.Combine("key.pem"),
            ["httpPort"] = httpPort,
            ["tlsPort"] = ports[4].Number,
            ["ocspResponderURL"] = "",
            ["externalAccountBindingRequired"] = false,
        };
        if (validity is { } lifetime)
        {
            config["certificateValidityPeriod"] = (ulong)lifetime.TotalSeconds;
        }

        await File.WriteAllTextAsync(folder.Combine("pebble.json"), JsonSerializer.Serialize(new { pebble = config }));

        var output = new StringBuilder();
        var dns = Start(output, "/usr/bin/pebble-challtestsrv", [], "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{dnsPort}",
            "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", $"127.0.0.1:{dnsManagement}");
        var pebble = Start(output, "/usr/bin/pebble",
            [("PEBBLE_VA_NOSLEEP", "1"), ("PEBBLE_WFE_NONCEREJECT", $"{nonceRejectPercent}"), ("PEBBLE_AUTHZREUSE", "0")],
            "-config", folder.Combine("pebble.json"), "-dnsserver", $"127.0.0.1:{dnsPort}");
        var server = new PebbleServer(folder, pebble, dns, tls, ports, port, management, dnsManagement, output);
        await server.WaitUntilUpAsync();
        return server;
    }

    /// <summary>An HTTP client that trusts Pebble's API certificate (and nothing else).</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = { CertificateChainPolicy = TrustOnly(_tls) },
    });

    /// <summary>The root that signs the certificates Pebble issues (a new one at every start).</summary>
    public async Task<X509Certificate2> GetRootAsync()
    {
        using var client = CreateClient();
        return X509Certificate2.CreateFromPem(await client.GetStringAsync(new Uri(ManagementUrl, "roots/0")));
    }

    /// <summary>Makes Pebble's DNS answer <paramref name="address"/> for <paramref name="host"/> (for example, an address nothing listens on).</summary>
    public async Task ResolveAsync(string host, string address)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var response = await client.PostAsJsonAsync(new Uri(DnsManagementUrl, "add-a"), new { host = host + ".", addresses = new[] { address } });
        response.EnsureSuccessStatusCode();
    }

    public static X509ChainPolicy TrustOnly(X509Certificate2 root) => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        CustomTrustStore = { root },
        RevocationMode = X509RevocationMode.NoCheck,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _pebble, _dns })
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _tls.Dispose();
        _folder.Dispose();
        foreach (var port in _ports)
        {
            port.Dispose();
        }
    }

    private async Task WaitUntilUpAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_pebble.HasExited || _dns.HasExited)
            {
                throw new InvalidOperationException("Pebble exited at start:\n" + Output);
            }

            try
            {
                using var response = await client.GetAsync(DirectoryUrl);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Pebble did not answer within 30 s:\n" + Output);
            }

            await Task.Delay(50);
        }
    }

    private static Process Start(StringBuilder output, string file, (string Name, string Value)[] environment, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static X509Certificate2 CreateTlsCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
