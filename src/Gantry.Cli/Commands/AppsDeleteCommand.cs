using System.CommandLine;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry apps delete APP</c>: stops and removes an app; its volumes and databases stay unless <c>--purge</c>.</summary>
public static class AppsDeleteCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app to delete" };
        var purge = new Option<bool>("--purge", "--purge-volumes") { Description = "Also delete the app's volumes and its resources' databases, with their data (kept by default)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (needed when not run from a terminal)" };
        var command = new Command("delete", ApiCommand.Describe(
            "Delete an app: its instances stop, its routes, releases, files and logs are removed. Its volumes and its resources' databases (and their data) are kept unless --purge; deploying the app again then finds them.",
            "gantry apps delete hello",
            "gantry apps delete shop --purge --yes"))
        {
            app, purge, yes,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var name = parse.GetValue(app)!;
            var purgeVolumes = parse.GetValue(purge);
            if (!parse.GetValue(yes) && !Confirm(name, purgeVolumes))
            {
                return ExitCodes.InvalidInput;
            }

            await client.DeleteAppAsync(name, purgeVolumes, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(new { App = name, Deleted = true, VolumesDeleted = purgeVolumes });
            }
            else
            {
                Printer.Line($"deleted {Printer.Escape(name)}{(purgeVolumes ? " with its volumes and databases" : "; its volumes and databases are kept")}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static bool Confirm(string app, bool purgeVolumes) => Confirmation.Ask(
        $"deleting '{app}'",
        $"delete app '{app}'{(purgeVolumes ? " AND THE DATA IN ITS VOLUMES AND DATABASES" : "")}? type its name to confirm: ",
        app,
        "nothing was deleted");
}
