using System.Net;
using Gantry.AppModel.Loading;
using Gantry.Gateway.Config;

namespace Gantry.AppModel.Tests.GantryFile;

/// <summary>The checks of a route's <c>jwksUrl</c> that need no network: scheme and literal addresses, against the platform's settings.</summary>
public sealed class JwksUrlTests
{
    private const string Score = """
        apiVersion: score.dev/v1b1
        metadata:
          name: web
        containers:
          app:
            image: nginx
        service:
          ports:
            web: { port: 80, targetPort: 8080 }
        resources:
          api:
            type: route
            params: { host: shop.test, path: /api, port: 80 }

        """;

    private static AppLoadResult Load(string url, JwksFetchPolicy? platform) => AppLoader.Load(
        new InMemoryAppFiles(new Dictionary<string, string>
        {
            ["gantry.yaml"] = $"name: shop\nworkloads:\n  - score: score.yaml\n    routes:\n      api:\n        auth:\n          jwt: {{ jwksUrl: '{url}' }}\n",
            ["score.yaml"] = Score,
        }),
        "gantry.yaml",
        AppLoadOptions.Local with { JwksUrls = platform });

    [Theory]
    [InlineData("http://id.example.com/jwks.json", "uses plain http: a key set must be fetched over https")]
    [InlineData("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address (the cloud metadata service)")]
    [InlineData("https://169.254.169.254/", "169.254.169.254 is a link-local address (the cloud metadata service)")]
    [InlineData("https://[::ffff:169.254.169.254]/", "169.254.169.254 is a link-local address")]
    [InlineData("https://10.1.2.3/jwks", "10.1.2.3 is a private network address")]
    [InlineData("https://172.20.0.1/jwks", "172.20.0.1 is a private network address")]
    [InlineData("https://192.168.1.1/jwks", "192.168.1.1 is a private network address")]
    [InlineData("https://100.64.0.1/jwks", "100.64.0.1 is a private network address")]
    [InlineData("https://0.0.0.0/jwks", "0.0.0.0 is an unspecified address")]
    [InlineData("https://[fd00::1]/jwks", "fd00::1 is a private network address")]
    [InlineData("https://[fe80::1]/jwks", "fe80::1 is a link-local address")]
    [InlineData("https://127.0.0.1/jwks", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.0.0.1:8080/jwks", "127.0.0.1 is a loopback address")]
    [InlineData("https://[::1]/jwks", "::1 is a loopback address")]
    [InlineData("https://localhost/jwks", "'localhost' is this machine (loopback)")]
    [InlineData("ftp://id.example.com/jwks", "is not an absolute https URL")]
    [InlineData("jwks.json", "is not an absolute https URL")]
    public void Load_WithAJwksUrlTheGatewayWouldRefuse_ReportsItAtTheField(string url, string expected)
    {
        var result = Load(url, JwksFetchPolicy.Strict);

        var error = Assert.Single(result.Errors);
        Assert.Equal("gantry.yaml", error.File);
        Assert.Equal(7, error.Line);
        Assert.Equal("workloads[0].routes.api.auth.jwt.jwksUrl", error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(result.JwksUrls);
    }

    [Fact]
    public void Load_WithAPublicHttpsJwksUrl_NotesItForTheDeployToFetch()
    {
        var result = Load("https://id.example.com/.well-known/jwks.json", JwksFetchPolicy.Strict);

        Assert.Empty(result.Errors);
        var url = Assert.Single(result.JwksUrls);
        Assert.Equal("https://id.example.com/.well-known/jwks.json", url.Url);
        Assert.Equal("gantry.yaml:7:27: workloads[0].routes.api.auth.jwt.jwksUrl: x", url.Refused("x").ToString());
        Assert.Equal("https://id.example.com/.well-known/jwks.json", result.App!.Workloads[0].Routes[0].Policy!.Auth!.Jwt!.JwksUrl);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/jwks", true, false)]
    [InlineData("http://localhost:8080/jwks", true, false)]
    [InlineData("https://10.1.2.3/jwks", false, true)]
    [InlineData("https://169.254.169.254/", false, true)]
    public void Load_WhenThePlatformAllowsTheAddress_AcceptsTheUrl(string url, bool loopback, bool privateNetworks)
    {
        Assert.Empty(Load(url, new JwksFetchPolicy(loopback, privateNetworks)).Errors);
        Assert.NotEmpty(Load(url, JwksFetchPolicy.Strict).Errors);
    }

    [Fact]
    public void Load_WhereThePlatformIsUnknown_RefusesOnlyWhatNoPlatformAccepts()
    {
        Assert.Empty(Load("http://127.0.0.1:8080/jwks", platform: null).Errors);
        Assert.Empty(Load("https://10.1.2.3/jwks", platform: null).Errors);
        Assert.Contains("uses plain http", Assert.Single(Load("http://id.example.com/jwks", platform: null).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithPlainHttpToAPrivateAddress_IsRefusedEvenWhenPrivateNetworksAreAllowed()
    {
        var error = Assert.Single(Load("http://10.1.2.3/jwks", new JwksFetchPolicy(AllowLoopback: true, AllowPrivateNetworks: true)).Errors);

        Assert.Contains("uses plain http", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7", null)]
    [InlineData("8.8.8.8", null)]
    [InlineData("2001:db8::1", null)]
    [InlineData("172.32.0.1", null)]
    [InlineData("100.128.0.1", null)]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("fc00::5", "private")]
    [InlineData("fec0::5", "private")]
    [InlineData("::", "unspecified")]
    public void CheckAddress_JudgesIPv4InIPv6AsTheIPv4AddressItReaches(string address, string? refusal)
    {
        var problem = JwksFetchPolicy.Strict.CheckAddress(IPAddress.Parse(address), resolvedFrom: "keys.example.com");

        if (refusal is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains(refusal, problem, StringComparison.Ordinal);
            Assert.StartsWith("'keys.example.com' resolves to ", problem, StringComparison.Ordinal);
        }
    }
}
