using Microsoft.Extensions.Logging.Abstractions;
using Gantry.ControlPlane.DataPlane;
using Gantry.Gateway.Config;

namespace Gantry.ControlPlane.Tests.DataPlane;

/// <summary>Snapshots made from their parts: versions only for real changes, nothing current that the local gateway refused.</summary>
public sealed class GatewayConfigSourceTests
{
    private static RouteConfig Route(string host, string destination = "i1") =>
        new(host, "/", "shop", "web", [new DestinationConfig(destination, "http://127.0.0.1:5000")]);

    [Fact]
    public void EveryChange_IsANewVersion_AppliedLocally_AndNoChangeSpendsNone()
    {
        var (source, table) = LocalGateway.Start();
        var first = source.Current.Version;
        Assert.True(first > 1_700_000_000_000, "versions start at the clock's milliseconds, so a restarted control plane's are newer");

        source.Update(s => s with { Routes = [Route("a.test")] });
        source.Update(s => s);

        Assert.Equal(first + 1, source.Current.Version);
        Assert.Equal(["a.test"], table.Current.Routes.Select(r => r.Host));
    }

    [Fact]
    public void ASnapshotTheLocalGatewayRefuses_IsNeverCurrent()
    {
        var (source, table) = LocalGateway.Start();
        source.Update(s => s with { Routes = [Route("a.test")] });
        var before = source.Current;

        Assert.Throws<InvalidDataException>(() => source.Update(s => s with { Routes = [Route("b.test"), Route("b.test", "i2")] }));

        Assert.Same(before, source.Current);
        Assert.Equal(["a.test"], table.Current.Routes.Select(r => r.Host));
    }

    [Fact]
    public async Task NewerThan_AnswersAtOnceWhenBehind_AndOtherwiseWhenTheNextChangeIsMade()
    {
        var (source, _) = LocalGateway.Start();
        var start = source.Current.Version;
        Assert.Same(source.Current, await source.NewerThanAsync(start - 1, CancellationToken.None));

        var waiting = source.NewerThanAsync(start, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        source.Update(s => s with { HttpsPort = 8443 });

        var next = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((start + 1, 8443), (next.Version, next.HttpsPort));
    }

    [Fact]
    public void AcmeAnswers_AreAddedAndRemovedByToken()
    {
        var (source, _) = LocalGateway.Start();
        var challenges = new GatewayChallenges(source, new ConnectedGateways(TimeProvider.System), NullLogger<GatewayChallenges>.Instance);

        challenges.Add("t1", "t1.k");
        challenges.Add("t2", "t2.k");
        challenges.Remove("t1");
        var version = source.Current.Version;
        challenges.Remove("t1");

        Assert.Equal<AcmeChallengeConfig>([new AcmeChallengeConfig("t2", "t2.k")], source.Current.AcmeChallenges);
        Assert.Equal(version, source.Current.Version);
    }
}
