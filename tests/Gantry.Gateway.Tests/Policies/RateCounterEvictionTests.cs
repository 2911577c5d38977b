using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>The counter store at its bound: evicting a counter never hands its client a fresh day or total quota.</summary>
public sealed class RateCounterEvictionTests
{
    private static readonly QuotaConfig ThreeInTotal = new(null, null, null, 3);
    private static readonly QuotaConfig TwoADay = new(null, null, 2, null);
    private static readonly QuotaConfig HundredAMinute = new(null, 100, null, null);

    [Fact]
    public void AClientEvictedWithATotalCount_GetsItBack_WhenItReturns()
    {
        var store = new RateCounterStore(null, NullLogger.Instance, capacity: 16);
        var now = DateTimeOffset.UtcNow;
        Assert.True(store.For("shop/api", "key:k1").TryCount(ThreeInTotal, now).Admitted);
        Assert.True(store.For("shop/api", "key:k1").TryCount(ThreeInTotal, now).Admitted);
        Assert.True(store.For("shop/api", "ip:203.0.113.9").TryCount(TwoADay, now).Admitted);

        for (var i = 0; i < 1_000; i++)
        {
            store.For("shop/api", $"ip:10.0.{i / 250}.{i % 250}").TryCount(HundredAMinute, now);
            Assert.True(store.Count <= 16);
        }

        Assert.Equal((1, 1), store.Kept); // the one-off clients' minute counts are not worth keeping
        Assert.True(store.For("shop/api", "key:k1").TryCount(ThreeInTotal, now).Admitted);
        Assert.False(store.For("shop/api", "key:k1").TryCount(ThreeInTotal, now).Admitted);
        Assert.True(store.For("shop/api", "ip:203.0.113.9").TryCount(TwoADay, now).Admitted);
        Assert.False(store.For("shop/api", "ip:203.0.113.9").TryCount(TwoADay, now).Admitted);
        Assert.Equal((0, 0), store.Kept);
    }

    [Fact]
    public void KeptCounts_AreSavedAndLoaded_SoARestartHandsOutNoFreshQuotaEither()
    {
        using var folder = new TempDirectory("gantry-quotas");
        var path = Path.Combine(folder.Path, "quotas.json");
        var store = new RateCounterStore(path, NullLogger.Instance, capacity: 16);
        var now = DateTimeOffset.UtcNow;
        store.For("shop/api", "key:k1").TryCount(ThreeInTotal, now);
        store.For("shop/api", "key:k1").TryCount(ThreeInTotal, now);
        for (var i = 0; i < 100; i++)
        {
            store.For("shop/api", $"ip:10.0.0.{i}").TryCount(HundredAMinute, now);
        }

        store.Save(force: true);
        var saved = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("counters");
        var restarted = new RateCounterStore(path, NullLogger.Instance, capacity: 16);
        restarted.Load();

        Assert.Equal("key:k1", Assert.Single(saved.EnumerateArray()).GetProperty("client").GetString());
        Assert.Equal(0, restarted.Count); // loaded counts wait until their client returns
        Assert.True(restarted.For("shop/api", "key:k1").TryCount(ThreeInTotal, now).Admitted);
        Assert.False(restarted.For("shop/api", "key:k1").TryCount(ThreeInTotal, now).Admitted);
    }

    [Fact]
    public void KeptCountsOfAddressClients_AreBoundedToo_TheOldestGoingFirst()
    {
        var store = new RateCounterStore(null, NullLogger.Instance, capacity: 16);
        var now = DateTimeOffset.UtcNow;

        // Every address client counted under a total: what each leaves behind is worth keeping, but anyone can invent addresses.
        for (var i = 0; i < 1_000; i++)
        {
            store.For("shop/api", $"ip:10.1.{i / 250}.{i % 250}").TryCount(ThreeInTotal, now);
        }

        Assert.True(store.Kept.Addresses <= 16, $"{store.Kept.Addresses} address counts kept");
        Assert.True(store.Count <= 16);
    }
}
