using Bunit;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console.Shared;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>The jobs page's tables: jobs with their schedule and latest run, and runs with how each ended.</summary>
public sealed class JobTablesTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Jobs_ShowTheirScheduleInTheirTimeZone_AndHowTheLastRunWent()
    {
        var failed = new JobRunInfo(7, "shop", "import", 3, "schedule", "failed", Now, Now, Now.AddSeconds(2), 2, 3, 2, "exited with exit code 3");
        var table = Render<JobTable>(p => p.Add(t => t.Jobs,
        [
            new JobInfo("shop", "import", "web", ["./import"], "0 3 * * *", "Asia/Seoul", "Forbid", 600, 1, null, Now.AddHours(1), 0, failed),
            new JobInfo("blog", "cleanup", "cleaner", [], "*/5 * * * *", "UTC", "Allow", null, 0, null, Now.AddMinutes(5), 1, null) { ScoreFile = "jobs/cleanup.yaml" },
        ]));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(["shop/import", "blog/cleanup"], rows.Select(r => r.GetAttribute("data-job")));
        Assert.Equal("0 3 * * * (Asia/Seoul)", rows[0].QuerySelector("td[data-label=Schedule]")!.TextContent);
        Assert.Equal("*/5 * * * *", rows[1].QuerySelector("td[data-label=Schedule]")!.TextContent);
        Assert.Equal(["web", "cleaner (jobs/cleanup.yaml)"], rows.Select(r => r.QuerySelector("td[data-label=Workload]")!.TextContent));
        var last = rows[0].QuerySelector("td[data-label='Last run']")!;
        Assert.Equal("failed (run 7, exit 3)", last.TextContent);
        Assert.Contains("failed", last.ClassList);
        Assert.Equal("not yet", rows[1].QuerySelector("td[data-label='Last run']")!.TextContent);
    }

    [Fact]
    public void Runs_ShowTriggerStateExitCodeDuration_AndWhyOneWasSkipped()
    {
        var table = Render<JobRunTable>(p => p.Add(t => t.Runs,
        [
            new JobRunInfo(9, "shop", "import", 3, "missed", "succeeded", Now, Now, Now.AddSeconds(1.24), 1.24, 0, 1, null),
            new JobRunInfo(8, "shop", "import", 3, "schedule", "skipped", Now, null, Now, null, null, 0, "skipped: run 7 is still running and concurrency is Forbid"),
        ]));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(["9", "8"], rows.Select(r => r.GetAttribute("data-run")));
        Assert.Equal(("missed", "0", "1.2s"), (rows[0].QuerySelector("td[data-label=Trigger]")!.TextContent,
            rows[0].QuerySelector("td[data-label=Exit]")!.TextContent, rows[0].QuerySelector("td[data-label=Duration]")!.TextContent));
        Assert.Contains("skipped", rows[1].QuerySelector("td[data-label=State]")!.ClassList);
        Assert.Equal("skipped: run 7 is still running and concurrency is Forbid", rows[1].QuerySelector("td[data-label=Message]")!.TextContent);
    }
}
