using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// 'gantry jobs' end to end: list, run now and wait, runs, logs; and a run going when Gantry is killed with SIGKILL
/// is failed as interrupted after the restart, its process gone with it.
/// </summary>
public sealed class JobsTests : IDisposable
{
    private const string Jobs = """
        - name: report
          workload: web
          schedule: "0 0 1 1 *"
          timeZone: Asia/Seoul
          command: ["sh", "-c", "echo report for $GANTRY_APP"]
        - name: slow
          workload: web
          schedule: "0 0 1 1 *"
          command: ["sleep", "313"]
        """;

    private readonly TempDirectory _temp = new("gantry-jobs-cli");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task JobsAreListedRunAndRead_AndARunInterruptedByAKill_IsFailedAfterRestart()
    {
        var data = _temp.Combine("data");
        await using var first = await GantryProcess.StartAsync(data);
        var deploy = await first.RunAsync("deploy", "-f", new NodeApp(Name: "cron") { Jobs = Jobs }.WriteTo(_temp.Combine("app")), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        var list = await first.RunAsync("jobs", "list", "--json");
        var jobs = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["report", "slow"], jobs.Select(j => j.GetProperty("name").GetString()));
        Assert.Equal("Asia/Seoul", jobs[0].GetProperty("timeZone").GetString());
        Assert.Contains("0 0 1 1 * (Asia/Seoul)", (await first.RunAsync("jobs", "list", "cron")).Stdout, StringComparison.Ordinal);

        var run = await first.RunAsync("jobs", "run", "cron", "report", "--wait");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("report for cron", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("succeeded", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("manual", (await first.RunAsync("jobs", "runs", "cron", "report")).Stdout, StringComparison.Ordinal);
        Assert.Contains("report for cron", (await first.RunAsync("jobs", "logs", "cron", "report")).Stdout, StringComparison.Ordinal);

        var started = await first.RunAsync("jobs", "run", "cron", "slow", "--json");
        var slowRun = JsonDocument.Parse(started.Stdout).RootElement.GetProperty("id").GetInt64();
        await Eventually.UntilAsync(() => SleepRuns(), TimeSpan.FromSeconds(30), "the slow job's process to run");
        await first.KillAsync();
        await using var second = await GantryProcess.StartAsync(data);

        var runs = await Eventually.UntilAsync(
            () => second.RunAsync("jobs", "runs", "cron", "slow", "--json"),
            r => r.ExitCode == 0 && r.Stdout.Contains("interrupted", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the interrupted run");
        var interrupted = JsonDocument.Parse(runs.Stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == slowRun);
        Assert.Equal("failed", interrupted.GetProperty("state").GetString());
        Assert.Equal("interrupted: Gantry stopped while it ran", interrupted.GetProperty("message").GetString());
        await Eventually.UntilAsync(() => !SleepRuns(), TimeSpan.FromSeconds(30), "the interrupted run's process to be removed");

        var unknown = await second.RunAsync("jobs", "run", "cron", "reprot");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("has no job 'reprot' in its serving release; its jobs: report, slow", unknown.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Whether the slow job's <c>sleep 313</c> runs on this machine.</summary>
    private static bool SleepRuns() =>
        Directory.EnumerateDirectories("/proc").Any(d =>
        {
            try
            {
                // The process runtime starts the executable by its full path (/usr/bin/sleep).
                return File.ReadAllText(Path.Combine(d, "cmdline")).EndsWith("sleep\0313\0", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });
}
