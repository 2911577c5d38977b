using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry services list</c>: the platform's servers (one per resource type and class) and how they are.</summary>
public static class ServicesCommand
{
    public static Command Create()
    {
        var list = new Command("list", ApiCommand.Describe(
            "List the platform's servers: type and class, state, pid, restarts, last exit, data size and the apps whose resources they hold.",
            "gantry services list",
            "gantry services list --json"));
        list.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var services = await client.ServicesAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(services);
                return ExitCodes.Success;
            }

            if (services.Count == 0)
            {
                Printer.Text("no platform servers yet: they start when an app declares a resource (resources: db: {type: postgres})");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "STATE", "PID", "PORT", "RESTARTS", "DATA", "APPS");
            foreach (var s in services)
            {
                table.AddRow(
                    Printer.Escape(s.Name),
                    s.State == "running" ? "[green]running[/]" : Printer.Escape(s.State + (s.LastExit is { } exit ? $" ({exit})" : "")),
                    s.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    s.Port.ToString(CultureInfo.InvariantCulture),
                    s.Restarts.ToString(CultureInfo.InvariantCulture),
                    Printer.Escape(Sizes.Format(s.DataBytes)),
                    Printer.Escape(string.Join(", ", s.Apps)));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return new Command("services", ApiCommand.Describe(
            "The platform's servers that hold apps' resources (PostgreSQL, …): one per resource type and class.",
            "gantry services list"))
        {
            list,
        };
    }
}
