using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Client;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry jobs list|runs|run|logs</c>: apps' scheduled jobs (gantry.yaml's <c>jobs</c>), their runs and output.</summary>
public static class JobsCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    public static Command Create() => new("jobs", ApiCommand.Describe(
        "Show apps' scheduled jobs (gantry.yaml's 'jobs'), their runs with exit codes and durations, run one now, and read a run's output.",
        "gantry jobs list",
        "gantry jobs runs shop cleanup",
        "gantry jobs run shop cleanup --wait",
        "gantry jobs logs shop cleanup"))
    {
        List(),
        Runs(),
        RunNow(),
        Logs(),
    };

    private static Command List()
    {
        var app = new Argument<string?>("app") { Description = "One app's jobs; every app's when left out", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", ApiCommand.Describe(
            "List the jobs of an app's serving release (or of every app): schedule, time zone, concurrency, next run, latest run.",
            "gantry jobs list",
            "gantry jobs list shop --json"))
        {
            app,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var jobs = await client.JobsAsync(parse.GetValue(app), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(jobs);
                return ExitCodes.Success;
            }

            if (jobs.Count == 0)
            {
                Printer.Line("no jobs: add them to gantry.yaml under 'jobs' (see docs/jobs.md)");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("APP", "JOB", "WORKLOAD", "SCHEDULE", "CONCURRENCY", "NEXT RUN", "RUNNING", "LAST RUN");
            foreach (var j in jobs)
            {
                var schedule = j.TimeZone == "UTC" ? j.Schedule : $"{j.Schedule} ({j.TimeZone})";
                table.AddRow(Printer.Escape(j.App), Printer.Escape(j.Name), Printer.Escape(j.ScoreFile is null ? j.Workload : $"{j.Workload} ({j.ScoreFile})"), Printer.Escape(schedule), j.Concurrency,
                    j.NextRunAt is { } next ? Time(next) : "never", $"{j.Running}", j.LastRun is { } last ? $"{StateMarkup(last.State)} {Printer.Ago(last.ScheduledAt)}" : "-");
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Runs()
    {
        var (app, job) = AppAndJob();
        var limit = new Option<int?>("--limit") { Description = "At most this many runs, the newest (default 20)" };
        var command = new Command("runs", ApiCommand.Describe(
            "List a job's runs, newest first: what started it, how it ended, its exit code, how long it took, and why it failed or was skipped.",
            "gantry jobs runs shop cleanup",
            "gantry jobs runs shop cleanup --limit 100 --json"))
        {
            app, job, limit,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var runs = await client.JobRunsAsync(parse.GetValue(app)!, parse.GetValue(job)!, parse.GetValue(limit), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(runs);
                return ExitCodes.Success;
            }

            if (runs.Count == 0)
            {
                Printer.Line("no runs yet");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("RUN", "TRIGGER", "DUE", "STATE", "EXIT", "ATTEMPTS", "DURATION", "RELEASE", "MESSAGE");
            foreach (var r in runs)
            {
                table.AddRow($"{r.Id}", r.Trigger, Time(r.ScheduledAt), StateMarkup(r.State), r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-", $"{r.Attempts}",
                    r.DurationSeconds is { } s ? $"{s:0.0}s" : "-", $"v{r.Release}", Printer.Escape(r.Message ?? ""));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command RunNow()
    {
        var (app, job) = AppAndJob();
        var wait = new Option<bool>("--wait") { Description = "Wait for the run to end, print its output, and exit 1 if it failed" };
        var command = new Command("run", ApiCommand.Describe(
            "Run a job now, beside any run going (its schedule is unchanged). Prints the run's id; with --wait, its output and how it ended.",
            "gantry jobs run shop cleanup",
            "gantry jobs run shop cleanup --wait"))
        {
            app, job, wait,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var (appName, jobName) = (parse.GetValue(app)!, parse.GetValue(job)!);
            var run = await client.RunJobAsync(appName, jobName, ct);
            if (!parse.GetValue(wait))
            {
                Print(parse, run, $"started run {run.Id} of {jobName}; 'gantry jobs logs {appName} {jobName} {run.Id}' shows its output");
                return ExitCodes.Success;
            }

            Printer.Error.WriteLine($"run {run.Id} of {jobName} started; waiting for it to end…");
            while (run.State == "running")
            {
                await Task.Delay(PollEvery, ct);
                run = await client.JobRunAsync(appName, jobName, run.Id, ct);
            }

            if (!parse.GetValue(CommonOptions.Json))
            {
                await PrintLogsAsync(client, appName, jobName, run.Id, ct);
            }

            Print(parse, run, run.State == "succeeded"
                ? $"[green]run {run.Id} succeeded[/] in {run.DurationSeconds:0.0}s"
                : $"[red]run {run.Id} {run.State}[/]: {Printer.Escape(run.Message ?? "")}");
            return run.State == "succeeded" ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    private static Command Logs()
    {
        var (app, job) = AppAndJob();
        var run = new Argument<long?>("run") { Description = "The run (its id from 'gantry jobs runs'); the newest when left out", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("logs", ApiCommand.Describe(
            "Print a run's output, every attempt's, with Gantry's lines about its attempts.",
            "gantry jobs logs shop cleanup",
            "gantry jobs logs shop cleanup 42 --json"))
        {
            app, job, run,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var (appName, jobName) = (parse.GetValue(app)!, parse.GetValue(job)!);
            var id = parse.GetValue(run) ?? (await client.JobRunsAsync(appName, jobName, 50, ct)).FirstOrDefault(r => r.StartedAt is not null)?.Id;
            if (id is null)
            {
                Printer.Fail($"job '{jobName}' of {appName} has not run yet");
                return ExitCodes.Failed;
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(await client.JobRunLogsAsync(appName, jobName, id.Value, ct));
                return ExitCodes.Success;
            }

            await PrintLogsAsync(client, appName, jobName, id.Value, ct);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task PrintLogsAsync(GantryClient client, string app, string job, long run, CancellationToken ct)
    {
        foreach (var line in await client.JobRunLogsAsync(app, job, run, ct))
        {
            var time = line.Time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            Printer.Line(line.Stream == "gantry" ? $"[grey]{time} gantry: {Printer.Escape(line.Text)}[/]" : $"{time} {Printer.Escape(line.Text)}");
        }
    }

    private static void Print(ParseResult parse, JobRunInfo run, string markup)
    {
        if (parse.GetValue(CommonOptions.Json))
        {
            Printer.Json(run);
        }
        else
        {
            Printer.Line(markup);
        }
    }

    private static (Argument<string> App, Argument<string> Job) AppAndJob() =>
        (new Argument<string>("app") { Description = "The app" }, new Argument<string>("job") { Description = "The job's name in gantry.yaml" });

    private static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string StateMarkup(string state) => state switch
    {
        "succeeded" => "[green]succeeded[/]",
        "failed" => "[red]failed[/]",
        "running" => "[blue]running[/]",
        _ => $"[yellow]{state}[/]",
    };
}
