namespace Gantry.AppModel.Tests.GantryFile;

public sealed class GantryFileParserTests
{
    private static string[] Errors(string gantry) =>
        [.. TestApp.Load("gantry.yaml", ("gantry.yaml", gantry), ("score.yaml", TestApp.Web)).Errors.Select(e => e.ToString())];

    [Theory]
    [InlineData("workloads: []", "gantry.yaml:2:12: workloads: list at least one workload")]
    [InlineData("workloads: score.yaml", "gantry.yaml:2:12: workloads: expected a list of workloads")]
    [InlineData("workloads:\n  - score.yaml", "gantry.yaml:3:5: workloads[0]: expected a mapping, got the string 'score.yaml'")]
    [InlineData("workloads:\n  - score: score.yaml\n    replica: 2", "gantry.yaml:4:5: workloads[0].replica: unknown field 'replica'; did you mean 'replicas'?")]
    [InlineData("workloads:\n  - score: score.yaml\n    replicas: 101", "gantry.yaml:4:15: workloads[0].replicas: must be between 0 and 100, got 101")]
    [InlineData("workloads:\n  - score: score.yaml\n    rollout: { maxSurge: -1 }", "gantry.yaml:4:26: workloads[0].rollout.maxSurge: must be between 0 and 100, got -1")]
    [InlineData("workloads:\n  - score: score.yaml\n    rollout: { readyTimeout: 0s }", "gantry.yaml:4:30: workloads[0].rollout.readyTimeout: must be more than 0 and at most 24h")]
    [InlineData("workloads:\n  - score: score.yaml\n    rollout: { drainTimeout: 25h }", "gantry.yaml:4:30: workloads[0].rollout.drainTimeout: must be at most 24h")]
    [InlineData("workloads:\n  - score: score.yaml\n    autoscaling: { maxReplicas: 0, cpu: 50 }", "gantry.yaml:4:33: workloads[0].autoscaling.maxReplicas: must be between 1 and 100, got 0")]
    [InlineData("workloads:\n  - score: score.yaml\n    autoscaling: { maxReplicas: 3, cpu: 0 }", "gantry.yaml:4:41: workloads[0].autoscaling.cpu: must be between 1 and 1000, got 0")]
    [InlineData("workloads:\n  - score: score.yaml\n    autoscaling: { cpu: 50 }", "gantry.yaml:4:18: workloads[0].autoscaling.maxReplicas: missing required field 'maxReplicas'")]
    [InlineData("workloads:\n  - score: score.yaml\n    rollout: { autoRollback: sometimes }", "gantry.yaml:4:30: workloads[0].rollout.autoRollback: ")]
    [InlineData("workloads:\n  - score: score.yaml\n  - score: ./score.yaml", "gantry.yaml:4:12: workloads[1].score: 'score.yaml' is already listed as workloads[0]")]
    [InlineData("workloads:\n  - score: /etc/score.yaml", "gantry.yaml:3:12: workloads[0].score: '/etc/score.yaml' is an absolute path; give a path relative to the app's folder")]
    public void Load_WhenGantryFileIsInvalid_ReportsTheField(string rest, string expected) =>
        Assert.Contains(expected, Errors("name: hello\n" + rest + "\n")[0], StringComparison.Ordinal);

    [Fact]
    public void Load_WhenAppNameIsNotALabel_ReportsIt() =>
        Assert.Equal(
            ["gantry.yaml:1:7: name: app name '-hello' is not valid: use 2 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit"],
            Errors("name: -hello\nworkloads:\n  - score: score.yaml\n"));

    [Fact]
    public void Load_WhenEntryHasAnOtherApiVersion_ValidatesItAsGantryYaml() =>
        Assert.Contains("gantry.yaml:1:1: apiVersion: unknown field 'apiVersion'", Errors("apiVersion: v1\nname: hello\nworkloads:\n  - score: score.yaml\n"));

    [Fact]
    public void Autoscaling_RunsItsMinimumOnOneMachine_UnlessReplicasIsSet()
    {
        var scaled = TestApp.Load("gantry.yaml", ("gantry.yaml", "name: hello\nworkloads:\n  - score: score.yaml\n    autoscaling: { minReplicas: 2, maxReplicas: 6, memory: 80 }\n    rollout: { autoRollback: true }\n"), ("score.yaml", TestApp.Web)).App!;
        var fixedCount = TestApp.Load("gantry.yaml", ("gantry.yaml", "name: hello\nworkloads:\n  - score: score.yaml\n    replicas: 4\n    autoscaling: { maxReplicas: 6, cpu: 60 }\n"), ("score.yaml", TestApp.Web)).App!;

        var workload = Assert.Single(scaled.Workloads);
        Assert.Equal(2, workload.Replicas);
        Assert.Equal(new Spec.AutoscalingSpec(2, 6, null, 80), workload.Autoscaling);
        Assert.True(workload.Rollout.AutoRollback);
        Assert.Equal(4, fixedCount.Workloads[0].Replicas);
        Assert.Equal(1, fixedCount.Workloads[0].Autoscaling!.MinReplicas);
        Assert.False(fixedCount.Workloads[0].Rollout.AutoRollback);
    }
}
