using Gantry.AppModel.Loading;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Tests.GantryFile;

/// <summary>A job given a Score file of its own (<c>score:</c>): read and resolved with the app's workloads.</summary>
public sealed class ScoreJobTests
{
    private static readonly ProvisionerCatalog Catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), ProvisionerLoadResult.Empty);

    private const string Web = """
        apiVersion: score.dev/v1b1
        metadata: { name: web }
        service:
          ports:
            http: { port: 80, targetPort: 8080 }
        containers:
          main:
            image: nginx
            variables:
              DB_PASSWORD: ${resources.db.password}
        resources:
          db: { type: postgres, id: orders }
        """;

    private const string Cleanup = """
        apiVersion: score.dev/v1b1
        metadata: { name: cleanup }
        containers:
          main:
            image: busybox
            command: ["sh", "-c", "echo cleaning"]
            variables:
              STORE_PASSWORD: ${resources.store.password}
              API: http://${resources.api.hostname}:${resources.api.port}
              WHO: ${metadata.name}
        resources:
          store: { type: postgres, id: orders }
          api:
            type: service-port
            params: { workload: web, port: http }
        """;

    // The jobs text starts on line 4, indented as a list item under 'jobs:'.
    private static AppLoadResult Load(string jobs, params (string Path, string Text)[] more) =>
        AppLoader.Load(
            new InMemoryAppFiles(new[] { ("gantry.yaml", "name: shop\nworkloads:\n  - score: web.yaml\njobs:\n" + jobs), ("web.yaml", Web) }
                .Concat(more).ToDictionary(f => f.Item1, f => f.Item2)),
            "gantry.yaml",
            AppLoadOptions.Local with { Provisioners = Catalog });

    private static List<string> Errors(string jobs, params (string Path, string Text)[] more) =>
        [.. Load(jobs, more).Errors.Select(e => e.ToString())];

    [Fact]
    public void AJobsScoreFile_IsItsOwnWorkload_SharingTheAppsResourcesAndCallingItsWorkloads()
    {
        var result = Load("  - { name: nightly, score: jobs/cleanup.yaml, schedule: \"0 3 * * *\" }\n", ("jobs/cleanup.yaml", Cleanup));

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var job = Assert.Single(result.App.Jobs);
        Assert.Equal(("nightly", "cleanup"), (job.Name, job.Workload));
        var own = Assert.IsType<WorkloadSpec>(job.OwnWorkload);
        Assert.Equal(own, result.App.WorkloadOf(job));
        Assert.Equal("jobs/cleanup.yaml", own.SourceFile);
        Assert.Equal(["web"], result.App.Workloads.Select(w => w.Name)); // not a workload of the app: it is never kept running
        var container = Assert.Single(own.Containers);
        Assert.Equal(["sh", "-c", "echo cleaning"], container.Command.ToArray());
        Assert.Equal("cleanup", container.Variables["WHO"]);
        Assert.Equal(["STORE_PASSWORD"], container.SecretVariables.ToArray());
        Assert.Equal([new ServiceLink("shop", "web", "http")], result.App.ServiceLinks.ToArray());

        // One database for both: the job's resource shares the web workload's by id.
        var resource = Assert.Single(result.App.Resources);
        Assert.Equal(("orders", "postgres"), (resource.Key, resource.Type));
        Assert.Equal(["cleanup:store", "web:db"], resource.Workloads.Order(StringComparer.Ordinal));
        Assert.Equal(["gantry.yaml", "jobs/cleanup.yaml", "web.yaml"], result.App.DescriptionFiles.Order(StringComparer.Ordinal));
        Assert.Equal(["cleanup", "web"], result.App.AllWorkloads().Select(w => w.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AJobsOwnWorkload_SurvivesTheStoredSpec()
    {
        var result = Load("  - { name: nightly, score: jobs/cleanup.yaml, schedule: \"0 3 * * *\" }\n", ("jobs/cleanup.yaml", Cleanup));
        Assert.True(result.Succeeded, TestApp.Describe(result));

        var stored = SpecSerializer.Deserialize(SpecSerializer.Serialize(result.App));

        var job = Assert.Single(stored.Jobs);
        Assert.Equal("echo cleaning", job.OwnWorkload?.Containers[0].Command[2]);
        Assert.Equal(["STORE_PASSWORD"], stored.WorkloadOf(job)!.Containers[0].SecretVariables.ToArray());
    }

    [Theory]
    [InlineData("  - { name: nightly, schedule: \"0 3 * * *\" }\n",
        "gantry.yaml:5:5: jobs[0]: give 'workload' (one of the app's workloads, whose image runs the job's command) or 'score' (a Score file of the job's own)")]
    [InlineData("  - { name: nightly, workload: web, score: jobs/cleanup.yaml, schedule: \"0 3 * * *\" }\n",
        "gantry.yaml:5:44: jobs[0].score: give 'workload' or 'score', not both: a job runs one workload")]
    [InlineData("  - { name: nightly, score: jobs/missing.yaml, schedule: \"0 3 * * *\" }\n",
        "gantry.yaml:5:29: jobs[0].score: file 'jobs/missing.yaml' not found")]
    [InlineData("  - { name: nightly, score: web.yaml, schedule: \"0 3 * * *\" }\n",
        "gantry.yaml:5:29: jobs[0].score: 'web.yaml' is already listed as workloads[0]")]
    [InlineData("  - { name: nightly, score: ../cleanup.yaml, schedule: \"0 3 * * *\" }\n",
        "gantry.yaml:5:29: jobs[0].score: ")]
    public void AWrongScoreForm_IsAnErrorAtItsField(string jobs, string expected)
    {
        var errors = Errors(jobs, ("jobs/cleanup.yaml", Cleanup));

        Assert.True(errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public void AJobsWorkload_CannotHaveARouteOrASecondContainer()
    {
        var score = Cleanup.Replace("image: busybox", "image: busybox\n  sidecar:\n    image: nginx", StringComparison.Ordinal)
            + "\n  route:\n    type: route\n    params: { host: x.localhost, path: /, port: 80 }\n";

        var errors = Errors("  - { name: nightly, score: jobs/cleanup.yaml, schedule: \"0 3 * * *\" }\n", ("jobs/cleanup.yaml", score));

        Assert.Contains("jobs/cleanup.yaml:19:11: resources.route.type: a job's workload cannot have a 'route' resource: a run is not reached over the network; remove it, or make this a workload of the app", errors);
        Assert.Contains(errors, e => e.StartsWith("jobs/cleanup.yaml:7:12: containers.sidecar: a job runs one container; this file has 2 (main, sidecar)", StringComparison.Ordinal));
    }

    [Fact]
    public void AJobsWorkloadNamedLikeOneOfTheApps_IsAnError()
    {
        var errors = Errors("  - { name: nightly, score: jobs/cleanup.yaml, schedule: \"0 3 * * *\" }\n", ("jobs/cleanup.yaml", Cleanup.Replace("name: cleanup", "name: web", StringComparison.Ordinal)));

        Assert.Contains(errors, e => e.StartsWith("jobs/cleanup.yaml:2:19: metadata.name: workload name 'web' is already used by web.yaml", StringComparison.Ordinal));
    }
}
