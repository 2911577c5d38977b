using Gantry.Gateway.Policies;

namespace Gantry.Gateway.Tests.Policies;

public sealed class TokenCacheTests
{
    [Fact]
    public async Task MoreDistinctTokensThanTheCacheHolds_EvictTheLeastRecentlyUsed_NeverTheWholeCache()
    {
        using var tokens = TestTokens.Hs256();
        var authenticator = new JwtAuthenticator(PolicyRoutes.Jwt(tokens.Jwks), source: null);
        var regular = tokens.Create("regular");
        Assert.Null((await authenticator.AuthenticateAsync(regular, default)).Problem);

        for (var i = 0; i < 10_500; i++)
        {
            var (identity, problem) = await authenticator.AuthenticateAsync(tokens.Create($"user-{i}"), default);
            Assert.Null(problem);
            Assert.Equal($"user-{i}", identity!.Subject);
            if (i % 1_000 == 0)
            {
                // The regular caller keeps coming back: its token stays cached through the flood.
                var admitted = authenticator.Cache.Admissions;
                Assert.Null((await authenticator.AuthenticateAsync(regular, default)).Problem);
                Assert.Equal(admitted, authenticator.Cache.Admissions);
            }

            Assert.True(authenticator.Cache.Count <= 10_000);
        }

        Assert.Equal(10_000, authenticator.Cache.Count);
        Assert.Equal(501, authenticator.Cache.Evictions); // 10,501 tokens admitted into 10,000 places
        Assert.True(authenticator.Cache.Examined <= authenticator.Cache.Evictions * BoundedTable<string, JwtAuthenticator.CachedToken>.MaxExamined);
    }
}
