using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// A server with something in every collection the API serves: an app with a succeeded release, an API key, a block,
/// a custom domain, an uploaded certificate and an environment, so route parameters can name things that exist.
/// </summary>
public sealed class AdminApiFixture : IAsyncLifetime
{
    public const string App = "shop";
    public const string Domain = "www.shop-authz.test";
    public const string Environment = "staging";

    private readonly TempDirectory _apps = new("gantry-authz-app");

    public TestServer Server { get; private set; } = null!;

    public int Release { get; private set; }

    public string KeyId { get; private set; } = "";

    public long BlockId { get; private set; }

    public long CertificateId { get; private set; }

    /// <summary>Plausible values for route parameters: by "literal/parameter" (the segment before it) first, then by parameter name.</summary>
    public IReadOnlyDictionary<string, string> RouteValues => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["app"] = App,
        ["apps/Name"] = App,
        ["number"] = Release.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["keys/id"] = KeyId,
        ["blocks/id"] = BlockId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["certificates/id"] = CertificateId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["domains/host"] = Domain,
        ["environments/name"] = Environment,
        ["environment"] = Environment,
        ["targets/name"] = "edge-cluster",
    };

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        var accepted = await Server.DeployAsync(new NodeApp(Name: App), _apps.Path);
        var release = await Server.WaitForReleaseAsync(App, accepted.Release);
        Assert.Equal("Succeeded", release.Release.Status);
        Release = accepted.Release;

        var key = await CreatedAsync<CreatedApiKey>($"api/v1/apps/{App}/keys", new CreateApiKeyRequest("mobile", ["reader"]));
        KeyId = key.Info.Id;
        BlockId = (await CreatedAsync<ClientBlockInfo>($"api/v1/apps/{App}/blocks", new CreateBlockRequest("ip", "203.0.113.7"))).Id;
        await CreatedAsync<DomainInfo>($"api/v1/apps/{App}/domains", new AddDomainRequest(Domain, null));
        CertificateId = (await CreatedAsync<CertificateInfo>("api/v1/certificates", SelfSignedFor(Domain))).Id;
        var environment = await Server.Admin.PutAsJsonAsync($"api/v1/environments/{Environment}", new EnvironmentRequest("local"));
        Assert.Equal(HttpStatusCode.OK, environment.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _apps.Dispose();
    }

    private async Task<T> CreatedAsync<T>(string path, object body)
    {
        var response = await Server.Admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)!;
    }

    /// <summary>A self-signed certificate for <paramref name="host"/> and its key, as an upload takes them.</summary>
    internal static UploadCertificateRequest SelfSignedFor(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        return new UploadCertificateRequest(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
