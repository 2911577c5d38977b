using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Tests.GantryFile;

/// <summary>gantry.yaml's <c>jobs</c>: scheduled runs of a workload's image, each error at its field and line.</summary>
public sealed class JobsParserTests
{
    private const string Worker = """
        apiVersion: score.dev/v1b1
        metadata: { name: worker }
        containers:
          main: { image: busybox }
        """;

    // The jobs text starts on line 6, indented as a list item under 'jobs:'.
    private static AppLoadResult Load(string jobs) => TestApp.Load(
        "gantry.yaml",
        ("gantry.yaml", "name: shop\nworkloads:\n  - score: web.yaml\n  - score: worker.yaml\njobs:\n" + jobs),
        ("web.yaml", TestApp.Web),
        ("worker.yaml", Worker));

    private static JobSpec LoadJob(string jobs)
    {
        var result = Load(jobs);
        Assert.True(result.App is not null, TestApp.Describe(result));
        Assert.Empty(result.Errors);
        return Assert.Single(result.App.Jobs);
    }

    [Fact]
    public void AFullJob_KeepsEveryField()
    {
        var job = LoadJob("""
              - name: cleanup
                workload: web
                command: ["/bin/sh", "-c", "echo cleaning"]
                schedule: "*/5 * * * *"
                timeZone: Europe/Berlin
                concurrency: Forbid
                timeout: 10m
                retries: 2
                startingDeadline: 5m

            """);

        Assert.Equal(("cleanup", "web", "*/5 * * * *", "Europe/Berlin"), (job.Name, job.Workload, job.Schedule, job.TimeZone));
        Assert.Equal(["/bin/sh", "-c", "echo cleaning"], job.Command.ToArray());
        Assert.Equal(JobConcurrency.Forbid, job.Concurrency);
        Assert.Equal(TimeSpan.FromMinutes(10), job.Timeout);
        Assert.Equal(2, job.Retries);
        Assert.Equal(TimeSpan.FromMinutes(5), job.StartingDeadline);
    }

    [Fact]
    public void AJobWithOnlyItsRequiredFields_TakesTheDefaults()
    {
        var job = LoadJob("  - { name: nightly, workload: worker, schedule: \"0 3 * * *\" }\n");

        Assert.Empty(job.Command);
        Assert.Equal(JobConcurrency.Allow, job.Concurrency);
        Assert.Equal(JobSpec.DefaultTimeZone, job.TimeZone);
        Assert.Equal("UTC", job.TimeZone);
        Assert.Equal(0, job.Retries);
        Assert.Null(job.Timeout);
        Assert.Null(job.StartingDeadline);
    }

    [Fact]
    public void ACommandGivenAsOneLine_RunsWithTheShell()
    {
        var job = LoadJob("  - { name: report, workload: web, schedule: \"0 * * * *\", command: \"echo $HOME && date\" }\n");

        Assert.Equal(["/bin/sh", "-c", "echo $HOME && date"], job.Command.ToArray());
    }

    [Fact]
    public void AJobsSchedule_IsReadInItsTimeZone_WithSecondsWhenItHasSix()
    {
        var berlin = LoadJob("  - { name: nightly, workload: web, schedule: \"0 3 * * *\", timeZone: Europe/Berlin }\n");
        var everyTenSeconds = LoadJob("  - { name: poll, workload: web, schedule: \"*/10 * * * * *\" }\n");
        var noon = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        // 03:00 in Berlin is 02:00 UTC in winter.
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero), berlin.NextAfter(noon));
        Assert.Equal(noon.AddSeconds(10), everyTenSeconds.NextAfter(noon));
    }

    [Theory]
    [InlineData("    schedule: \"every night\"\n", "gantry.yaml:8:15: jobs[0].schedule: 'every night' is not a cron expression")]
    [InlineData("    schedule: \"0 3 * * *\"\n    timeZone: Mars/Olympus\n", "gantry.yaml:9:15: jobs[0].timeZone: 'Mars/Olympus' is not a time zone")]
    [InlineData("    schedule: \"0 3 * * *\"\n    concurrency: Skip\n", "gantry.yaml:9:18: jobs[0].concurrency: must be one of Allow, Forbid, Replace, got 'Skip'")]
    [InlineData("    schedule: \"0 3 * * *\"\n    retries: 11\n", "gantry.yaml:9:14: jobs[0].retries: must be between 0 and 10, got 11")]
    [InlineData("    schedule: \"0 3 * * *\"\n    timeout: 0s\n", "gantry.yaml:9:14: jobs[0].timeout: '0s' is not a duration from 1s to 24h")]
    [InlineData("    schedule: \"0 3 * * *\"\n    timeout: 2d\n", "gantry.yaml:9:14: jobs[0].timeout: '2d' is not a duration from 1s to 24h")]
    [InlineData("    schedule: \"0 3 * * *\"\n    startingDeadline: 25h\n", "gantry.yaml:9:23: jobs[0].startingDeadline: '25h' is not a duration from 1s to 24h")]
    [InlineData("    schedul: \"0 3 * * *\"\n", "gantry.yaml:8:5: jobs[0].schedul: unknown field 'schedul'; did you mean 'schedule'?")]
    [InlineData("    command: []\n", "gantry.yaml:8:14: jobs[0].command: give the command to run")]
    [InlineData("    schedule: \"0 3 * * *\"\n  - { name: cleanup, workload: worker, schedule: \"0 4 * * *\" }\n", "gantry.yaml:9:5: jobs[1].name: job name 'cleanup' is already used by jobs[0]")]
    public void AWrongJob_IsAnErrorAtItsFieldAndLine(string rest, string expected)
    {
        var errors = Load("  - name: cleanup\n    workload: web\n" + rest).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AJobWithoutASchedule_IsAnErrorAtTheJob()
    {
        var errors = Load("  - name: cleanup\n    workload: web\n").Errors.Select(e => e.ToString());

        Assert.Equal(["gantry.yaml:6:5: jobs[0].schedule: missing required field 'schedule'"], errors);
    }

    [Fact]
    public void AJobOfAnUnknownWorkload_NamesTheAppsWorkloads()
    {
        var errors = Load("  - { name: cleanup, workload: wbe, schedule: \"0 3 * * *\" }\n").Errors.Select(e => e.ToString());

        var error = Assert.Single(errors);
        Assert.StartsWith("gantry.yaml:6:32: jobs[0].workload: 'wbe' is not a workload of this app; its workloads: web, worker", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AJobOfAWorkloadWhoseScoreFileIsMissing_IsNotAlsoReportedAsUnknown()
    {
        var result = TestApp.Load(
            "gantry.yaml",
            ("gantry.yaml", "name: shop\nworkloads:\n  - score: web.yaml\n  - score: worker.yaml\njobs:\n  - { name: cleanup, workload: web, schedule: \"0 3 * * *\" }\n"),
            ("worker.yaml", Worker));

        Assert.Equal(["gantry.yaml:3:12: workloads[0].score: file 'web.yaml' not found"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void AJobsTimeZone_MustBeAnIanaName()
    {
        var errors = Load("  - { name: cleanup, workload: web, schedule: \"0 3 * * *\", timeZone: W. Europe Standard Time }\n").Errors.Select(e => e.ToString());

        Assert.StartsWith("gantry.yaml:6:70: jobs[0].timeZone: 'W. Europe Standard Time' is not", Assert.Single(errors), StringComparison.Ordinal);
    }
}
