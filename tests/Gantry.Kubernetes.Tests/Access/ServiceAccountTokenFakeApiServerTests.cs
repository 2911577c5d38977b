using System.Text;
using System.Text.Json.Nodes;
using Gantry.Kubernetes.Access;
using Gantry.Kubernetes.Apply;
using Gantry.Testing;
using k8s;
using k8s.Models;

namespace Gantry.Kubernetes.Tests.Access;

/// <summary>
/// Reading a team's token through KubernetesClient from a FAKE API server on 127.0.0.1 (no cluster, so no token
/// controller, runs here): the Secret is seeded as the controller would leave it; the read and decoding are real.
/// </summary>
public sealed class ServiceAccountTokenFakeApiServerTests : IAsyncLifetime
{
    private const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Z2FudHJ5LXN5c3RlbSJ9.c2lnbmF0dXJl";
    private static readonly string SecretName = TeamAccessRenderer.TokenSecretName("payments", "prod");
    private static readonly string SecretPath = $"/api/v1/namespaces/gantry-system/secrets/{SecretName}";
    private FakeKubernetesApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubernetesApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheTokenTheClusterFilledIn_IsReadAndDecoded_OnAFakeApiServer()
    {
        _server.Seed(SecretPath, Secret("kubernetes.io/service-account-token", Token));

        var token = await Client().ReadServiceAccountTokenAsync("gantry-system", SecretName, CancellationToken.None);

        Assert.Equal(Token, token);
        Assert.Contains(_server.Requests, r => r.Method == "GET" && r.Path == SecretPath);
    }

    [Fact]
    public async Task ARenderedTokenSecretOnceFilledIn_GivesAKubeconfigCarryingItsToken_OnAFakeApiServer()
    {
        var rendered = TeamAccessRenderer.Render("payments", "prod", ["checkout-prod"]).OfType<V1Secret>().Single();
        var filled = JsonNode.Parse(KubernetesJson.Serialize(rendered))!.AsObject();
        filled["data"] = new JsonObject { ["token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)) };
        _server.Seed($"/api/v1/namespaces/{rendered.Metadata.NamespaceProperty}/secrets/{rendered.Metadata.Name}", filled);

        var token = await Client().ReadServiceAccountTokenAsync(rendered.Metadata.NamespaceProperty, rendered.Metadata.Name, CancellationToken.None);
        var yaml = KubeconfigWriter.Write(new ClusterAddress(_server.Url, null), token, "payments", "prod", "checkout-prod");
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(yaml)));

        Assert.Equal(Token, config.AccessToken);
        Assert.Equal(_server.Url, new Uri(config.Host));
    }

    [Fact]
    public async Task ATokenSecretTheClusterHasNotFilledInYet_IsAClusterExceptionSayingSo_OnAFakeApiServer()
    {
        _server.Seed(SecretPath, Secret("kubernetes.io/service-account-token", token: null));

        var error = await Assert.ThrowsAsync<ClusterException>(() => Client().ReadServiceAccountTokenAsync("gantry-system", SecretName, CancellationToken.None));

        Assert.Equal($"read the token in secret/{SecretName} in gantry-system: the cluster has not filled in the token yet (it does within moments "
            + "of the secret and its ServiceAccount being applied; is the ServiceAccount there?)", error.Message);
    }

    [Fact]
    public async Task AMissingTokenSecret_IsAClusterExceptionSayingSo_OnAFakeApiServer()
    {
        var error = await Assert.ThrowsAsync<ClusterException>(() => Client().ReadServiceAccountTokenAsync("gantry-system", SecretName, CancellationToken.None));

        Assert.Equal($"read the token in secret/{SecretName} in gantry-system: there is no such secret; apply the team's access objects first", error.Message);
    }

    [Fact]
    public async Task ASecretThatIsNotATokenSecret_IsRefusedRatherThanReadAsOne_OnAFakeApiServer()
    {
        _server.Seed(SecretPath, Secret("Opaque", Token));

        var error = await Assert.ThrowsAsync<ClusterException>(() => Client().ReadServiceAccountTokenAsync("gantry-system", SecretName, CancellationToken.None));

        Assert.EndsWith("the secret is of type 'Opaque', not kubernetes.io/service-account-token", error.Message, StringComparison.Ordinal);
    }

    private ClusterClient Client() => ClusterConnection.At(_server.Url);

    private static JsonObject Secret(string type, string? token)
    {
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = SecretName, ["namespace"] = "gantry-system" },
            ["type"] = type,
        };
        if (token is not null)
        {
            secret["data"] = new JsonObject { ["token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(token)) };
        }

        return secret;
    }
}
