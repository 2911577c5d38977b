using System.CommandLine;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry apps</c>: every app with its health, release, instances and URL.</summary>
public static class AppsCommand
{
    public static Command Create()
    {
        var command = new Command("apps", ApiCommand.Describe(
            "List apps with their health, current release, ready instances and URLs.",
            "gantry apps",
            "gantry apps --json",
            "gantry apps delete hello",
            "gantry apps connect hello --repo https://github.com/acme/hello.git"))
        {
            AppsDeleteCommand.Create(),
            AppsConnectCommand.Connect(),
            AppsConnectCommand.Show(),
            AppsConnectCommand.Disconnect(),
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var apps = await client.AppsAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(apps);
                return ExitCodes.Success;
            }

            if (apps.Count == 0)
            {
                Printer.Text("no apps yet: deploy one with 'gantry deploy -f gantry.yaml'");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("APP", "HEALTH", "RELEASE", "INSTANCES", "URL", "UPDATED");
            foreach (var app in apps)
            {
                table.AddRow(
                    Printer.Escape(app.Name),
                    Printer.HealthMarkup(app.Health),
                    app.CurrentRelease?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                    $"{app.ReadyInstances}/{app.DesiredInstances}",
                    Printer.Escape(app.Urls.Count > 0 ? app.Urls[0] : "-"),
                    Printer.Ago(app.UpdatedAt));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }
}
