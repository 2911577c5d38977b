using System.Diagnostics;
using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>
/// Day and total quotas counted by a shared quota (a fake one here: the boundary under test), second and minute windows
/// by the gateway, and the gateway counting alone, pausing the asks, when the shared quota fails or is silent.
/// </summary>
public sealed class SharedQuotaTests
{
    private static readonly string[] RateLimitHeaders = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Policy"];

    private static RoutePolicyConfig PerDay(int perDay, int? perMinute = null) =>
        new() { RateLimit = new RateLimitConfig("ip", new QuotaConfig(null, perMinute, perDay, null), []) };

    [Fact]
    public async Task WithAFakeSharedQuota_DayCountsAreItsOwn_AndItsRefusalAnswersExactlyLikeALocalOne()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var shared = await TestGateway.StartAsync();
        await using var alone = await TestGateway.StartAsync();
        var quota = FakeSharedQuota.Counting(perDay: 2);
        shared.Policies.SharedQuota = quota;
        shared.Publish(PolicyRoutes.With(backend, PerDay(2, perMinute: 100)));
        alone.Publish(PolicyRoutes.With(backend, PerDay(2, perMinute: 100)));

        var sharedAnswers = new List<HttpResponseMessage>();
        var aloneAnswers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            sharedAnswers.Add(await shared.SendAsync("/"));
            aloneAnswers.Add(await alone.SendAsync("/"));
        }

        Assert.Equal(3, quota.Asked);
        Assert.Equal(("shop/api", "ip:127.0.0.1", (string?)null), (quota.Last!.Route, quota.Last.Client, quota.Last.Tier));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(aloneAnswers[i].StatusCode, sharedAnswers[i].StatusCode);
            Assert.Equal(RateHeaders(aloneAnswers[i]), RateHeaders(sharedAnswers[i]));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, sharedAnswers[2].StatusCode);
        Assert.InRange(RetryAfter(sharedAnswers[2]), RetryAfter(aloneAnswers[2]) - 1, RetryAfter(aloneAnswers[2]) + 1);
        Assert.Equal(await aloneAnswers[2].Content.ReadAsStringAsync(), await sharedAnswers[2].Content.ReadAsStringAsync());

        // Counted by the shared quota, not here: the gateway's own day count stayed at zero.
        var (_, inDay, _) = shared.Policies.Counters.For("shop/api", "ip:127.0.0.1").Snapshot();
        Assert.Equal(0, inDay);
        foreach (var answer in sharedAnswers.Concat(aloneAnswers))
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task WithAFakeSharedQuota_MinuteWindowsStayPerGateway_AndARefusedDayGivesTheMinuteCountBack()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        var quota = FakeSharedQuota.Counting(perDay: 2);
        gateway.Policies.SharedQuota = quota;
        gateway.Publish(PolicyRoutes.With(backend, PerDay(100, perMinute: 3)));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.SendAsync("/");
            statuses.Add(response.StatusCode);
        }

        // Two admitted by the day, the third refused by it: the minute still has room for one (the refusal was given back).
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var counter = gateway.Policies.Counters.For("shop/api", "ip:127.0.0.1");
        var minute = counter.TryCount(new QuotaConfig(null, 3, null, null), DateTimeOffset.UtcNow, QuotaWindows.PerGateway);
        Assert.True(minute.Admitted, "the refused request kept its minute count");
    }

    [Fact]
    public async Task AFakeSharedQuotaThatFails_IsNotAskedAgainFor5Seconds_AndTheGatewayCountsAloneMeanwhile()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        var clock = new ManualClock();
        var quota = FakeSharedQuota.Failing();
        gateway.Policies.UseSharedQuota(quota, clock);
        gateway.Publish(PolicyRoutes.With(backend, PerDay(3)));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.SendAsync("/");
            statuses.Add(response.StatusCode);
        }

        // One ask, then the local day count: 3 admitted, as a gateway without a shared quota would.
        Assert.Equal(1, quota.Asked);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(1, gateway.Logs.Count(1028, "Connection refused"));

        clock.Advance(TimeSpan.FromSeconds(4.9));
        using (var stillPaused = await gateway.SendAsync("/"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillPaused.StatusCode);
        }

        Assert.Equal(1, quota.Asked);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        using (var askedAgain = await gateway.SendAsync("/"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, askedAgain.StatusCode);
        }

        Assert.Equal(2, quota.Asked);
        Assert.Equal(1, gateway.Logs.Count(1028)); // logged once per cut-off, not per failed ask
    }

    [Fact]
    public async Task AFakeSharedQuotaThatNeverAnswers_CostsOneRequestAboutASecond_ThenTheOthersCountAloneAtOnce()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        var quota = FakeSharedQuota.Silent();
        gateway.Policies.SharedQuota = quota;
        gateway.Publish(PolicyRoutes.With(backend, PerDay(10)));

        var clock = Stopwatch.StartNew();
        using (var first = await gateway.SendAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.InRange(clock.Elapsed, SharedQuotaGate.AnswerTimeout * 0.9, SharedQuotaGate.AnswerTimeout * 10);
        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.SendAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, quota.Asked);
        Assert.Equal(1, gateway.Logs.Count(1028, "no answer within 1 s"));
        Assert.Equal(6, backend.Requests);
    }

    [Fact]
    public async Task ARouteWithoutDayOrTotalQuota_NeverAsksTheFakeSharedQuota()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        var quota = FakeSharedQuota.Counting(perDay: 1);
        gateway.Policies.SharedQuota = quota;
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { RateLimit = new RateLimitConfig("ip", new QuotaConfig(null, 2, null, null), []) }));

        using var first = await gateway.SendAsync("/");
        using var second = await gateway.SendAsync("/");
        using var third = await gateway.SendAsync("/");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode, third.StatusCode));
        Assert.Equal(0, quota.Asked);
    }

    // A second may pass between the two gateways' answers: the seconds until the day ends may differ by one.
    private static double RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;

    private static string RateHeaders(HttpResponseMessage response) => string.Join("\n",
        RateLimitHeaders.Select(name => $"{name}: {(response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "-")}"));
}
