using System.Text.Json;
using Gantry.Gateway.Config;

namespace Gantry.Gateway.Tests.Snapshots;

/// <summary>Frames of the configuration stream: the whole snapshot, then what changed, rebuilt on the gateway's side with unchanged lists kept.</summary>
public sealed class GatewaySnapshotChangeTests
{
    private static readonly GatewaySnapshot First = new(100)
    {
        Routes = [new RouteConfig("shop.test", "/", "shop", "web", [new DestinationConfig("i1:80", "http://127.0.0.1:9")])],
        Clients = [new AppClientsConfig("shop", [], ["k2"], [], [])],
        HttpsPort = 8443,
    };

    [Fact]
    public void AChange_CarriesOnlyTheChangedParts_AndRebuildsTheSnapshot_KeepingTheOthersLists()
    {
        var second = First with { Version = 101, Routes = [], HttpsPort = null };
        var received = RoundTrip(GatewaySnapshotChange.Full(First)).ApplyTo(null);

        var change = RoundTrip(GatewaySnapshotChange.Between(First, second));
        Assert.Equal((101L, 100L), (change.Version, change.Base));
        Assert.NotNull(change.Routes);
        Assert.Null(change.Clients);

        var rebuilt = change.ApplyTo(received);
        Assert.Equal(101, rebuilt.Version);
        Assert.Empty(rebuilt.Routes);
        Assert.Null(rebuilt.HttpsPort);
        Assert.True(rebuilt.Clients == received.Clients, "an unchanged part is the very list received before (nothing to rebuild)");
        Assert.Equal("k2", Assert.Single(Assert.Single(rebuilt.Clients).BlockedKeyIds));
    }

    [Fact]
    public void AChangeOfAnotherVersion_OrAFullFrameMissingAPart_IsRefused()
    {
        var change = GatewaySnapshotChange.Between(First, First with { Version = 101 });

        Assert.Contains("changes 100, but the last one received is none", Assert.Throws<InvalidDataException>(() => change.ApplyTo(null)).Message, StringComparison.Ordinal);
        Assert.Contains("changes 100, but the last one received is 99", Assert.Throws<InvalidDataException>(() => change.ApplyTo(First with { Version = 99 })).Message, StringComparison.Ordinal);

        var partial = GatewayConfigJson.DeserializeChange("""{"version": 5, "base": 0, "routes": []}"""u8);
        Assert.Contains("a full frame lacks passthrough, clients, certificates, acmeChallenges", Assert.Throws<InvalidDataException>(() => partial.ApplyTo(null)).Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => GatewayConfigJson.DeserializeChange("""{"version": 5}"""u8));
    }

    private static GatewaySnapshotChange RoundTrip(GatewaySnapshotChange change) =>
        GatewayConfigJson.DeserializeChange(JsonSerializer.SerializeToUtf8Bytes(change, GatewayConfigJson.Default.GatewaySnapshotChange));
}
