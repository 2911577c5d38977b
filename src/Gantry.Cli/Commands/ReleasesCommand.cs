using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry releases APP</c>: the release history with outcomes and why releases failed.</summary>
public static class ReleasesCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("releases", ApiCommand.Describe(
            "List an app's releases, newest first: who made each, when, from what, and how it ended (with the reason when it failed).",
            "gantry releases hello",
            "gantry releases hello --json"))
        {
            app,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var releases = await client.ReleasesAsync(parse.GetValue(app)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(releases);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("#", "STATUS", "CREATED", "BY", "SOURCE", "REASON");
            foreach (var r in releases)
            {
                table.AddRow(
                    r.Number.ToString(CultureInfo.InvariantCulture) + (r.Current ? " [green]*[/]" : ""),
                    Printer.StatusMarkup(r.Status),
                    Printer.Ago(r.CreatedAt),
                    Printer.Escape(r.CreatedBy),
                    Printer.Escape(r.Source),
                    Printer.Escape(r.Reason ?? ""));
            }

            Printer.Out.Write(table);
            Printer.Line("[grey]* serving now[/]");
            return ExitCodes.Success;
        }));
        return command;
    }
}
