using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry status APP</c>: workloads, instances, the latest release, and why anything is unhealthy.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("status", ApiCommand.Describe(
            "Show an app: its health, runtime, workloads, instances, latest release, and for an unhealthy instance its exit code, readiness check and last output.",
            "gantry status hello",
            "gantry status hello --json"))
        {
            app,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var detail = await client.AppAsync(parse.GetValue(app)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(detail);
            }
            else
            {
                Render(detail);
                var resources = await client.ResourcesAsync(parse.GetValue(app)!, ct);
                if (resources.Count > 0)
                {
                    Printer.Out.Write(ResourcesCommand.Table(resources));
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Render(AppDetail detail)
    {
        var app = detail.App;
        var release = app.CurrentRelease is { } current ? $"release {current}" : "no release serving";
        Printer.Line($"[bold]{Printer.Escape(app.Name)}[/]  {Printer.HealthMarkup(app.Health)}  {release}  [grey]({Printer.Escape(detail.Runtime)} runtime)[/]");
        foreach (var url in app.Urls)
        {
            Printer.Line($"  {Printer.Escape(url)}");
        }

        if (detail.LatestRelease?.Commit is { } commit)
        {
            Printer.Line($"  [grey]commit[/] {Printer.Escape(Commits.Line(commit))}");
        }

        foreach (var (workload, stack) in detail.LatestRelease?.Builds ?? new Dictionary<string, string>())
        {
            Printer.Line($"  [grey]{Printer.Escape(workload)} built as[/] {Printer.Escape(stack)}");
        }

        if (detail.LatestRelease is { } latest && latest.Number != app.CurrentRelease)
        {
            Printer.Line($"latest release {latest.Number}: {Printer.StatusMarkup(latest.Status)}{(latest.Reason is null ? "" : " — " + Printer.Escape(latest.Reason))}");
        }

        var workloads = new Table().Border(TableBorder.Simple).AddColumns("WORKLOAD", "REPLICAS", "READY", "URLS");
        foreach (var w in detail.Workloads)
        {
            workloads.AddRow(Printer.Escape(w.Name), w.Replicas.ToString(CultureInfo.InvariantCulture), w.Ready.ToString(CultureInfo.InvariantCulture), Printer.Escape(string.Join(" ", w.Urls)));
        }

        Printer.Out.Write(workloads);

        var instances = new Table().Border(TableBorder.Simple).AddColumns("INSTANCE", "RELEASE", "PHASE", "READY", "RESTARTS", "PID", "PORTS", "LAST EXIT");
        foreach (var i in detail.Instances)
        {
            instances.AddRow(
                Printer.Escape(i.Id),
                i.Release.ToString(CultureInfo.InvariantCulture),
                Printer.Escape(i.Phase),
                i.Ready ? "[green]yes[/]" : "[yellow]no[/]",
                i.Restarts.ToString(CultureInfo.InvariantCulture),
                i.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Printer.Escape(string.Join(",", i.Ports.Select(p => $"{p.Key}→{p.Value}"))),
                Printer.Escape(i.LastExit?.Description ?? "-"));
        }

        Printer.Out.Write(instances);

        foreach (var i in detail.Instances.Where(i => !i.Ready))
        {
            Printer.Line($"[yellow]why {Printer.Escape(i.Id)} is not ready:[/]");
            if (i.LastExit is { } exit)
            {
                Printer.Line($"  last exit: {Printer.Escape(exit.Description)} at {exit.At.ToLocalTime():HH:mm:ss}; {i.Restarts} restarts");
            }

            if (i.NextRestartAt is { } next)
            {
                Printer.Line($"  next restart at {next.ToLocalTime():HH:mm:ss}");
            }

            if (i.LastProbe is { } probe)
            {
                Printer.Line($"  readiness check: {Printer.Escape(probe)}");
            }

            foreach (var line in i.LastLogLines.TakeLast(10))
            {
                Printer.Line($"  [grey]|[/] {Printer.Escape(line)}");
            }
        }
    }
}
