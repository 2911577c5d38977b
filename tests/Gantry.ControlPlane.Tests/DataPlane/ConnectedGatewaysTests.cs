using Gantry.ControlPlane.DataPlane;
using Gantry.Gateway.Config;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.ControlPlane.Tests.DataPlane;

/// <summary>Waiting on gateways' acknowledgements and drains: only connected gateways count, and each must say so in a report.</summary>
public sealed class ConnectedGatewaysTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);
    private readonly ConnectedGateways _gateways = new(TimeProvider.System);

    private static GatewayReport Report(string name, long version, params string[] draining) =>
        new(name, version, true, 1, "127.0.0.1:8080", DateTimeOffset.UtcNow) { Draining = [.. draining] };

    [Fact]
    public async Task AVersion_IsAcknowledged_OnceEveryConnectedGatewayReportsIt()
    {
        using var a = _gateways.Follow("a", "127.0.0.1");
        using var b = _gateways.Follow("b", "127.0.0.1");
        _gateways.Report(Report("a", 10), null);

        var waiting = _gateways.WaitForVersionAsync(10, Long, CancellationToken.None);
        Assert.False(await _gateways.WaitForVersionAsync(10, Short, CancellationToken.None)); // b has not reported
        _gateways.Report(Report("b", 9), null);
        Assert.False(waiting.IsCompleted);
        _gateways.Report(Report("b", 11), null);

        Assert.True(await waiting.WaitAsync(Long));
    }

    [Fact]
    public async Task AGatewayThatDisconnects_IsNoLongerWaitedFor()
    {
        using var a = _gateways.Follow("a", null);
        var b = _gateways.Follow("b", null);
        _gateways.Report(Report("a", 10), null);
        var waiting = _gateways.WaitForVersionAsync(10, Long, CancellationToken.None);

        b.Dispose();

        Assert.True(await waiting.WaitAsync(Long));
        Assert.Contains(_gateways.List(), g => g is { Name: "b", Connected: false });
    }

    [Fact]
    public async Task ADestination_IsDrained_OnceNoConnectedGatewayListsItAfterApplyingTheVersionWithoutIt()
    {
        using var a = _gateways.Follow("a", null);
        _gateways.Report(Report("a", 9), null);
        var waiting = _gateways.WaitForDrainAsync("i1:80", 10, Long, CancellationToken.None);

        _gateways.Report(Report("a", 10, "i1:80", "i2:80"), null);
        Assert.False(await _gateways.WaitForDrainAsync("i1:80", 10, Short, CancellationToken.None));
        Assert.True(await _gateways.WaitForDrainAsync("i3:80", 10, Short, CancellationToken.None));
        _gateways.Report(Report("a", 10, "i2:80"), null);

        Assert.True(await waiting.WaitAsync(Long));
    }

    [Fact]
    public async Task AnAcmeAnswer_CountsAsServed_OnceEveryConnectedGatewayAcknowledgedTheSnapshotWithIt()
    {
        var (source, _) = LocalGateway.Start();
        var challenges = new GatewayChallenges(source, _gateways, NullLogger<GatewayChallenges>.Instance);
        using var a = _gateways.Follow("a", null);
        _gateways.Report(Report("a", source.Current.Version), null);

        challenges.Add("t1", "t1.k");
        var served = challenges.WhenServedAsync(CancellationToken.None);
        Assert.False(await Task.WhenAny(served, Task.Delay(Short)) == served);
        _gateways.Report(Report("a", source.Current.Version), null);

        await served.WaitAsync(Long);
    }

    [Fact]
    public async Task WithNoGatewayConnected_NothingIsWaitedFor() =>
        Assert.True(await _gateways.WaitForDrainAsync("i1:80", 10, Short, CancellationToken.None));
}
