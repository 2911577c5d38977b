using System.Diagnostics;
using System.Net;
using Gantry.Gateway.Config;
using Gantry.Testing;
using Xunit.Abstractions;

namespace Gantry.Gateway.Host.Tests;

/// <summary>
/// A client's day quota counted across gateways: the control plane's own gateway and a following <c>gantry-gateway</c>
/// admit N per day together, and a gateway cut off from the control plane admits at most N more on its own.
/// </summary>
public sealed class SharedQuotaTests(ITestOutputHelper output) : IDisposable
{
    private const int PerDay = 20;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new("gantry-gateway-quota");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task APerDayQuota_IsExactAcrossTwoGateways_AndAFollowerCutOffAdmitsAtMostOneMoreQuota()
    {
        var served = 0;
        await using var backend = await Backend.StartAsync(context =>
        {
            Interlocked.Increment(ref served);
            return context.Response.WriteAsync("from the shop");
        });
        var controlPlane = await ControlPlaneRunner.StartAsync(_temp.Combine("data"));
        try
        {
            await using var follower = await GatewayProcessRunner.StartAsync(
                _temp.Combine("gateway-edge-1"), "--control-plane", controlPlane.Url, "--token-file", controlPlane.GatewayTokenFile, "--name", "edge-1");

            // Every request comes from 127.0.0.1: one client ("ip"), whichever gateway it goes through.
            var policy = new RoutePolicyConfig { RateLimit = new RateLimitConfig("ip", new QuotaConfig(null, null, PerDay, null), []) };
            controlPlane.Route("shop", "shop.test", backend, "api", policy);

            // Waiting on the follower's report rather than on a request through it: a request would spend the quota.
            await Eventually.UntilAsync(controlPlane.GatewaysAsync, l => l.Any(g => g.Name == "edge-1" && g.Ready && g.Version == controlPlane.Version), Deadline, "edge-1 to apply the route");

            var clock = Stopwatch.StartNew();
            var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
                (await _http.GetAsync(i % 2 == 0 ? controlPlane.GatewayPort : follower.HttpPort, "/", "shop.test")).Status));
            output.WriteLine($"60 concurrent requests over two gateways in {clock.ElapsedMilliseconds} ms: {statuses.Count(s => s == HttpStatusCode.OK)} admitted");

            Assert.Equal(PerDay, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(60 - PerDay, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
            Assert.Equal(PerDay, Volatile.Read(ref served));

            // Cut off: the follower counts the day alone, from zero (counts it made with the control plane are not its own).
            await controlPlane.DisposeAsync();
            clock.Restart();
            var alone = new List<HttpStatusCode>();
            for (var i = 0; i < PerDay + 10; i++)
            {
                alone.Add((await _http.GetAsync(follower.HttpPort, "/", "shop.test")).Status);
            }

            output.WriteLine($"cut off: {alone.Count(s => s == HttpStatusCode.OK)} of {alone.Count} admitted alone in {clock.ElapsedMilliseconds} ms");
            Assert.InRange(alone.Count(s => s == HttpStatusCode.OK), 1, PerDay);
            Assert.All(alone[PerDay..], s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
            Assert.Contains("counted by this gateway alone", follower.Output, StringComparison.Ordinal);
        }
        finally
        {
            await controlPlane.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }
}
