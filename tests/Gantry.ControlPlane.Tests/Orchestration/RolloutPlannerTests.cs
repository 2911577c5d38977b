using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Orchestration;

namespace Gantry.ControlPlane.Tests.Orchestration;

public sealed class RolloutPlannerTests
{
    private static readonly RolloutSpec SurgeOne = RolloutSpec.Default;
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static InstanceView I(string id, int release, bool ready, int age = 0) => new(id, release, ready, T0.AddSeconds(age));

    [Fact]
    public void Plan_WhenNothingRuns_StartsTheReplicas()
    {
        var plan = RolloutPlanner.Plan(1, 3, SurgeOne, []);

        Assert.Equal(3, plan.StartNew);
        Assert.Empty(plan.Remove);
        Assert.False(plan.Converged);
    }

    [Fact]
    public void Plan_WhenANewReleaseStarts_SurgesOneAndKeepsEveryOldInstance()
    {
        var plan = RolloutPlanner.Plan(2, 2, SurgeOne, [I("a", 1, true), I("b", 1, true)]);

        Assert.Equal(1, plan.StartNew);
        Assert.Empty(plan.Remove);
    }

    [Fact]
    public void Plan_WhileTheNewInstanceIsNotReady_RemovesNothingAndStartsNothingMore()
    {
        var plan = RolloutPlanner.Plan(2, 2, SurgeOne, [I("a", 1, true), I("b", 1, true), I("c", 2, false)]);

        Assert.Equal(0, plan.StartNew);
        Assert.Empty(plan.Remove);
    }

    [Fact]
    public void Plan_WhenTheNewInstanceIsReady_RemovesOneOldAndStartsTheNext()
    {
        var plan = RolloutPlanner.Plan(2, 2, SurgeOne, [I("a", 1, true, 1), I("b", 1, true, 2), I("c", 2, true)]);

        Assert.Equal<string>(["a"], plan.Remove);
        Assert.Equal(1, plan.StartNew);
    }

    [Fact]
    public void Plan_WhenAllNewAreReadyAndNoOldRemain_HasConverged()
    {
        var plan = RolloutPlanner.Plan(2, 2, SurgeOne, [I("c", 2, true), I("d", 2, true)]);

        Assert.True(plan.Converged);
        Assert.Equal(0, plan.StartNew);
        Assert.Empty(plan.Remove);
    }

    [Fact]
    public void Plan_WithMaxUnavailableOneAndNoSurge_RemovesAnOldInstanceBeforeStartingANewOne()
    {
        var rollout = SurgeOne with { MaxSurge = 0, MaxUnavailable = 1 };

        var plan = RolloutPlanner.Plan(2, 2, rollout, [I("a", 1, true), I("b", 1, true)]);

        Assert.Single(plan.Remove);
        Assert.Equal(1, plan.StartNew);
    }

    [Fact]
    public void Plan_RemovesOldInstancesThatServeNothingAtOnce()
    {
        var plan = RolloutPlanner.Plan(2, 1, SurgeOne, [I("a", 1, true), I("crashed", 1, false)]);

        Assert.Equal<string>(["crashed"], plan.Remove);
        Assert.Equal(1, plan.StartNew);
    }

    [Fact]
    public void Plan_WhenTheFailedReleaseIsAbandoned_RemovesItsInstancesAndKeepsTheServingOnes()
    {
        // The target went back to release 1 after release 2 failed: release 2's unready instance goes.
        var plan = RolloutPlanner.Plan(1, 1, SurgeOne, [I("a", 1, true), I("bad", 2, false)]);

        Assert.Equal<string>(["bad"], plan.Remove);
        Assert.Equal(0, plan.StartNew);
    }

    [Fact]
    public void Plan_WhenScaledDown_RemovesUnreadyThenNewestInstances()
    {
        var plan = RolloutPlanner.Plan(1, 1, SurgeOne, [I("old", 1, true, 1), I("new", 1, true, 5), I("sick", 1, false, 0)]);

        Assert.Equal<string>(["sick", "new"], plan.Remove);
        Assert.Equal(0, plan.StartNew);
    }

    [Fact]
    public void Plan_WhenScaledToZero_RemovesEverythingAndConvergesOnceNoneRemain()
    {
        Assert.Equal(2, RolloutPlanner.Plan(1, 0, SurgeOne, [I("a", 1, true), I("b", 1, true)]).Remove.Length);
        Assert.True(RolloutPlanner.Plan(1, 0, SurgeOne, []).Converged);
    }

    [Fact]
    public void Plan_NeverExceedsReplicasPlusSurge()
    {
        var plan = RolloutPlanner.Plan(2, 3, SurgeOne, [I("a", 1, true), I("b", 1, true), I("c", 1, true)]);

        Assert.Equal(1, plan.StartNew);
    }
}
