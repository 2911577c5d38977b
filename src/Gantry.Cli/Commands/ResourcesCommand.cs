using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry resources list|show</c>: an app's databases, caches, queues, buckets and calls to other workloads, secret outputs hidden unless revealed.</summary>
public static class ResourcesCommand
{
    public static Command Create()
    {
        var command = new Command("resources", ApiCommand.Describe(
            "An app's resources that the platform provides (databases, caches, queues, s3 buckets, service-port calls to other workloads): type, server, status and outputs.",
            "gantry resources list shop",
            "gantry resources show shop db",
            "gantry resources show shop db --reveal"))
        {
            List(),
            Show(),
        };
        return command;
    }

    private static Command List()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("list", ApiCommand.Describe(
            "List the app's resources: the names its workloads give them, type, the server holding them, status, size on the server, last backup.",
            "gantry resources list shop",
            "gantry resources list shop --json"))
        {
            app,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var resources = await client.ResourcesAsync(parse.GetValue(app)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(resources);
                return ExitCodes.Success;
            }

            if (resources.Count == 0)
            {
                Printer.Text("the app has no resources; declare one in its Score file (resources: db: {type: postgres})");
                return ExitCodes.Success;
            }

            Printer.Out.Write(Table(resources));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var name = new Argument<string>("name") { Description = "The resource: the name a workload gives it (db, or web:db when two workloads differ), or its key" };
        var reveal = new Option<bool>("--reveal") { Description = "Print secret outputs (a password) instead of their fingerprints; recorded as an event naming you" };
        var command = new Command("show", ApiCommand.Describe(
            "Show one resource with its outputs, the values its placeholders (${resources.NAME.OUTPUT}) give; secret ones hidden unless --reveal.",
            "gantry resources show shop db",
            "gantry resources show shop db --reveal --json"))
        {
            app, name, reveal,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var resource = parse.GetValue(reveal)
                ? await client.RevealResourceAsync(parse.GetValue(app)!, parse.GetValue(name)!, ct)
                : await client.ResourceAsync(parse.GetValue(app)!, parse.GetValue(name)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(resource);
                return ExitCodes.Success;
            }

            Printer.Line($"[bold]{Printer.Escape(string.Join(", ", resource.Names))}[/]: {Printer.Escape($"{resource.Type} ({resource.Class})")} on {Printer.Escape(resource.Service)}, {Status(resource)}");
            if (resource.Problem is { } problem)
            {
                Printer.Line($"  [red]{Printer.Escape(problem)}[/]");
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("OUTPUT", "VALUE");
            foreach (var (output, value) in resource.Outputs)
            {
                table.AddRow(Printer.Escape(output), Printer.Escape(value));
            }

            Printer.Out.Write(table);
            if (parse.GetValue(reveal))
            {
                Printer.Error.WriteLine("this reveal is recorded in the app's events");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The resources as <c>resources list</c> and <c>status</c> show them: a failed last backup stands out.</summary>
    public static Table Table(IEnumerable<ResourceInfo> resources)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "TYPE", "SERVER", "STATUS", "SIZE", "LAST BACKUP", "KEY");
        foreach (var r in resources)
        {
            table.AddRow(Printer.Escape(string.Join(", ", r.Names)), Printer.Escape($"{r.Type} ({r.Class})"), Printer.Escape(r.Service), Status(r), r.DataBytes is { } bytes ? Sizes.Format(bytes) : "-", LastBackup(r.LastBackup), Printer.Escape(r.Key));
        }

        return table;
    }

    private static string LastBackup(BackupInfo? backup) => backup switch
    {
        null => "-",
        { State: "failed" } => $"[red]failed[/] {backup.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm}: {Printer.Escape(backup.Problem ?? "")}",
        { State: "succeeded" } => $"{backup.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm} ({Printer.Escape(Sizes.Format(backup.Size ?? 0))})",
        _ => Printer.Escape($"{backup.State} {backup.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm}"),
    };

    private static string Status(ResourceInfo resource) => resource.Status switch
    {
        "ready" => "[green]ready[/]",
        "failed" => "[red]failed[/]",
        var other => Printer.Escape(other),
    };
}
