using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Tests.GantryFile;

/// <summary>gantry.yaml's dependsOn: other workloads of the app, started or healthy, never in a circle.</summary>
public sealed class DependsOnTests
{
    private static string Score(string name) => $"""
        apiVersion: score.dev/v1b1
        metadata:
          name: {name}
        containers:
          main:
            image: nginx
        """;

    private static Gantry.AppModel.Loading.AppLoadResult Load(string workloads) =>
        TestApp.Load("gantry.yaml", ("gantry.yaml", $"name: shop\nworkloads:\n{workloads}"), ("api.yaml", Score("api")), ("db.yaml", Score("db")), ("cache.yaml", Score("cache")));

    [Fact]
    public void DependsOn_ReachesTheWorkloadsSpec()
    {
        var result = Load("""
              - score: db.yaml
              - score: cache.yaml
              - score: api.yaml
                dependsOn: { db: healthy, cache: started }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(
            [new WorkloadDependency("db", WorkloadDependency.Healthy), new WorkloadDependency("cache", WorkloadDependency.Started)],
            result.App.Workloads.Single(w => w.Name == "api").DependsOn.ToArray());
    }

    [Fact]
    public void AnUnknownWorkload_Itself_AndABadCondition_AreErrorsAtTheirPlace()
    {
        var result = Load("""
              - score: db.yaml
                dependsOn: { db: started }
              - score: api.yaml
                dependsOn: { dbb: healthy, cache: complete }
            """);

        Assert.Equal(
            ["gantry.yaml:4:18: workloads[0].dependsOn.db", "gantry.yaml:6:18: workloads[1].dependsOn.dbb", "gantry.yaml:6:39: workloads[1].dependsOn.cache"],
            result.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}: {e.Field}"));
        Assert.Contains("cannot depend on itself", result.Errors[0].Message);
        Assert.Contains("did you mean 'db'", result.Errors[1].Message);
        Assert.Contains("must be one of started, healthy", result.Errors[2].Message);
    }

    [Fact]
    public void WorkloadsWaitingOnEachOtherInACircle_AreAnErrorNamingTheCircle()
    {
        var result = Load("""
              - score: db.yaml
                dependsOn: { cache: started }
              - score: cache.yaml
                dependsOn: { api: started }
              - score: api.yaml
                dependsOn: { db: healthy }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("workloads[0].dependsOn.cache", error.Field);
        Assert.Contains("db -> cache -> api -> db", error.Message);
    }
}
