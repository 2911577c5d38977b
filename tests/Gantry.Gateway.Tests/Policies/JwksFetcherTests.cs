using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>The one JWKS fetcher the deploy and the gateway share, against real servers on 127.0.0.1.</summary>
public sealed class JwksFetcherTests
{
    private static readonly JwksFetchPolicy Loopback = new(AllowLoopback: true);

    [Fact]
    public async Task Fetch_PlainHttpToARemoteHost_IsRefusedWithoutConnecting()
    {
        using var fetcher = new JwksFetcher(JwksFetchPolicy.AnyAddress);

        var refused = await Assert.ThrowsAsync<JwksFetchException>(() => fetcher.FetchAsync("http://id.example.com/jwks.json", default));

        Assert.Contains("uses plain http: a key set must be fetched over https", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_TheCloudMetadataAddress_IsRefusedByItsAddress()
    {
        using var fetcher = new JwksFetcher(Loopback);

        var refused = await Assert.ThrowsAsync<JwksFetchException>(() => fetcher.FetchAsync("http://169.254.169.254/latest/meta-data", default));

        Assert.Contains("169.254.169.254 is a link-local address (the cloud metadata service)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--jwks-allow-private", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ARedirect_IsRefused_SayingWhereItPointed()
    {
        using var keys = TestTokens.Rs256("rsa-1");
        await using var issuer = await TestBackend.StartAsync("issuer", context =>
        {
            context.Response.Redirect("https://elsewhere.example.com/jwks.json");
            return Task.CompletedTask;
        });
        using var fetcher = new JwksFetcher(Loopback);

        var refused = await Assert.ThrowsAsync<JwksFetchException>(() => fetcher.FetchAsync($"{issuer.Address}/jwks.json", default));

        Assert.Contains("answered 302, a redirect to https://elsewhere.example.com/jwks.json; redirects are not followed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, issuer.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fetch_ATenMegabyteBody_IsRefused_WhetherItsLengthIsAnnouncedOrNot(bool announced)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        await using var issuer = await TestBackend.StartAsync("issuer", async context =>
        {
            if (announced)
            {
                context.Response.ContentLength = 10 * 1024 * 1024;
            }

            for (var sent = 0; sent < 10 * 1024 * 1024 && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        using var fetcher = new JwksFetcher(Loopback);

        var refused = await Assert.ThrowsAsync<JwksFetchException>(() => fetcher.FetchAsync($"{issuer.Address}/jwks.json", default));

        Assert.Contains(announced ? "is 10485760 bytes; at most 1 MiB is read" : "is larger than 1 MiB", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_AnIssuerThatDoesNotAnswerInFiveSeconds_IsRefused()
    {
        await using var issuer = await TestBackend.StartAsync("issuer", context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        using var fetcher = new JwksFetcher(Loopback);

        var refused = await Assert.ThrowsAsync<JwksFetchException>(() => fetcher.FetchAsync($"{issuer.Address}/jwks.json", default));

        Assert.Contains("took longer than 5 s", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ALoopbackUrl_IsRefusedUnlessLoopbackIsAllowed()
    {
        using var keys = TestTokens.Rs256("rsa-1");
        await using var issuer = await TestBackend.StartAsync("issuer", context => context.Response.WriteAsync(keys.Jwks));
        using var strict = new JwksFetcher(JwksFetchPolicy.Strict);
        using var allowing = new JwksFetcher(Loopback);

        var refused = await Assert.ThrowsAsync<JwksFetchException>(() => strict.FetchAsync($"{issuer.Address}/jwks.json", default));
        var fetched = await allowing.FetchAsync($"{issuer.Address}/jwks.json", default);

        Assert.Contains("127.0.0.1 is a loopback address (this machine)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--jwks-allow-loopback", refused.Message, StringComparison.Ordinal);
        Assert.Equal(keys.Jwks, fetched);
        Assert.Equal(1, issuer.Requests);
    }

    [Theory]
    [InlineData("10.0.0.5", "'keys.example.com' resolves to 10.0.0.5, a private network address")]
    [InlineData("169.254.169.254", "'keys.example.com' resolves to 169.254.169.254, a link-local address (the cloud metadata service)")]
    [InlineData("::ffff:127.0.0.1", "'keys.example.com' resolves to ::ffff:127.0.0.1, a loopback address")]
    public async Task Fetch_ANameThatAlsoResolvesInside_IsRefusedAtConnect_FakeResolver(string inside, string expected)
    {
        var resolved = new List<string>();
        using var fetcher = new JwksFetcher(JwksFetchPolicy.Strict)
        {
            // The public address first: every address is checked, not just the one tried first.
            Resolve = (host, _) =>
            {
                resolved.Add(host);
                return Task.FromResult(new[] { IPAddress.Parse("203.0.113.10"), IPAddress.Parse(inside) });
            },
        };

        var refused = await Assert.ThrowsAsync<JwksFetchException>(() => fetcher.FetchAsync("https://keys.example.com/jwks.json", default));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Equal(["keys.example.com"], resolved);
    }

    [Fact]
    public async Task ProblemAt_RefusesARemoteSymmetricKey_AndWhatIsNotAKeySet_AndTakesPublicKeys()
    {
        using var secret = TestTokens.Hs256("shared");
        using var rsa = TestTokens.Rs256("rsa-1");
        await using var issuer = await TestBackend.StartAsync("issuer", context =>
            context.Response.WriteAsync(context.Request.Path == "/oct" ? TestTokens.Merge(rsa, secret) : context.Request.Path == "/html" ? "<html></html>" : rsa.Jwks));
        using var fetcher = new JwksFetcher(Loopback);

        Assert.Equal(
            $"the key set at {issuer.Address}/oct holds a symmetric key 'shared' (kty: oct): a shared secret is never taken from a URL; ship it in a jwksFile next to gantry.yaml, or serve RSA or EC public keys",
            await fetcher.ProblemAtAsync($"{issuer.Address}/oct", default));
        Assert.StartsWith($"the key set at {issuer.Address}/html is not a JSON Web Key Set", await fetcher.ProblemAtAsync($"{issuer.Address}/html", default), StringComparison.Ordinal);
        Assert.Null(await fetcher.ProblemAtAsync($"{issuer.Address}/rsa", default));
    }
}
