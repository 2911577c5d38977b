using System.CommandLine;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry rollback APP [--to N]</c>: a new release from an earlier one's spec, rolled out like any other.</summary>
public static class RollbackCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var to = new Option<int?>("--to") { Description = "The release to go back to (default: the last successful one before the current)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the rollback release is created instead of following it" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the rollout (e.g. 90s, 5m)", DefaultValueFactory = _ => "10m" };
        var command = new Command("rollback", ApiCommand.Describe(
            "Roll an app back: creates a new release from an earlier release's spec and sources and rolls it out.",
            "gantry rollback hello",
            "gantry rollback hello --to 3"))
        {
            app, to, noWait, timeout,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            if (!Durations.TryParse(parse.GetValue(timeout)!, out var waitFor))
            {
                Printer.Fail($"--timeout: '{parse.GetValue(timeout)}' is not a duration (e.g. 90s, 5m)");
                return ExitCodes.InvalidInput;
            }

            var json = parse.GetValue(CommonOptions.Json);
            var accepted = await client.RollbackAsync(parse.GetValue(app)!, parse.GetValue(to), ct);
            if (parse.GetValue(noWait))
            {
                if (json)
                {
                    Printer.Json(accepted);
                }
                else
                {
                    Printer.Line($"release [bold]{accepted.Release}[/] of [bold]{Printer.Escape(accepted.App)}[/] created to roll back");
                }

                return ExitCodes.Success;
            }

            if (!json)
            {
                Printer.Line($"rolling back {Printer.Escape(accepted.App)} with release [bold]{accepted.Release}[/]");
            }

            return await ReleaseFollower.FollowAsync(client, accepted.App, accepted.Release, waitFor, json, ct);
        }));
        return command;
    }
}
