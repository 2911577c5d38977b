using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Hosting;
using Gantry.Gateway.Tls;
using Gantry.Gateway.Tls.Acme;
using Microsoft.AspNetCore.DataProtection;

namespace Gantry.ControlPlane.Tls;

/// <summary>
/// Gets certificates for public hosts from the configured ACME server, with one account per installation whose key
/// is kept encrypted in DATA/acme/account.key. The gateway answers the http-01 challenges.
/// </summary>
public sealed class AcmeIssuer : IDisposable
{
    private readonly ServerOptions _options;
    private readonly DataDirectory _data;
    private readonly IDataProtector _protector;
    private readonly IHttp01ChallengeResponder _challenges;
    private readonly ILogger<AcmeIssuer> _logger;
    private readonly SemaphoreSlim _one = new(1, 1);
    private HttpClient? _http;
    private ECDsa? _accountKey;
    private AcmeClient? _client;

    public AcmeIssuer(ServerOptions options, DataDirectory data, IDataProtectionProvider protection, GatewayChallenges challenges, ILogger<AcmeIssuer> logger)
    {
        _options = options;
        _data = data;
        _protector = protection.CreateProtector("Gantry.Tls.AcmeAccount.v1");
        _challenges = challenges;
        _logger = logger;
    }

    public bool Configured => _options.AcmeDirectory is not null;

    /// <summary>One issuance at a time: ACME orders of one account are simplest kept apart.</summary>
    public async Task<ServedCertificate> IssueAsync(string host, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            var client = Client();
            await client.EnsureAccountAsync(_options.AcmeEmail, ct);
            var issued = await client.IssueAsync([host], _challenges, ct);
            return PemCertificates.Load(issued.ChainPem, issued.KeyPem, "the ACME server's certificate", "the generated key");
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        _accountKey?.Dispose();
        _one.Dispose();
    }

    private AcmeClient Client()
    {
        if (_client is not null)
        {
            return _client;
        }

        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (_options.AcmeCaFile is { } caFile)
        {
            var root = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { root },
                RevocationMode = X509RevocationMode.NoCheck,
            };
        }

        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        _accountKey = LoadOrCreateAccountKey();
        return _client = new AcmeClient(_options.AcmeDirectory!, _http, _accountKey, _logger);
    }

    private ECDsa LoadOrCreateAccountKey()
    {
        var folder = Path.Combine(_data.Root, "acme");
        var file = Path.Combine(folder, "account.key");
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(file))
        {
            key.ImportFromPem(_protector.Unprotect(File.ReadAllText(file)));
            return key;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(file + ".tmp", _protector.Protect(key.ExportPkcs8PrivateKeyPem()));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(file + ".tmp", file, overwrite: true);
        return key;
    }
}
