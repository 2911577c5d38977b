using System.CommandLine;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry users grant|ungrant NAME --app APP</c>: a user's own role on one app, beside their platform role and teams.</summary>
public static class AppRoleCommands
{
    public static Command Grant()
    {
        var user = new Argument<string>("name") { Description = "The user's name" };
        var app = AppOption();
        var role = new Option<string>("--role") { Description = "viewer, deployer or admin on the app", DefaultValueFactory = _ => "viewer" };
        var command = new Command("grant", ApiCommand.Describe(
            "Give a user their own role on one app (replacing it): what their platform role and teams give them stays, and the highest applies.",
            "gantry users grant ana --app shop --role deployer",
            "gantry users grant bea --app shop"))
        {
            user, app, role,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var member = await client.SetMemberAsync("apps", parse.GetValue(app)!, parse.GetValue(user)!, parse.GetValue(role), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(member);
                return ExitCodes.Success;
            }

            Printer.Line($"{Printer.Escape(member.User)} is {member.Role} of app {Printer.Escape(parse.GetValue(app))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Ungrant()
    {
        var user = new Argument<string>("name") { Description = "The user's name" };
        var app = AppOption();
        var command = new Command("ungrant", ApiCommand.Describe(
            "Take a user's own role on one app away (what their platform role and teams give them stays).",
            "gantry users ungrant ana --app shop"))
        {
            user, app,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            await client.DeleteAsync($"api/v1/apps/{Uri.EscapeDataString(parse.GetValue(app)!)}/members/{Uri.EscapeDataString(parse.GetValue(user)!)}", ct);
            Printer.Line($"{Printer.Escape(parse.GetValue(user))} has no role of their own on app {Printer.Escape(parse.GetValue(app))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Option<string> AppOption() => new("--app") { Description = "The app", Required = true };
}
