using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry users add|list|remove|passwd</c>: people who sign in (docs/access.md).</summary>
public static class UsersCommand
{
    private static readonly Option<bool> PasswordStdin = new("--password-stdin") { Description = "Read the password from standard input (for scripts)" };

    public static Command Create() => new("users", ApiCommand.Describe(
        "Add, list and remove users, and set their passwords. A user has a role on the whole platform, roles in teams, and roles of their own on single apps.",
        "gantry users add ana --role deployer --team web",
        "gantry users grant ana --app shop --role deployer",
        "gantry users list",
        "gantry users passwd ana"))
    {
        Add(),
        List(),
        Remove(),
        Passwd(),
        AppRoleCommands.Grant(),
        AppRoleCommands.Ungrant(),
        TotpCommand.Create(),
    };

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The user's name (lower-case letters, digits, '-', '_', '.')" };
        var role = new Option<string>("--role") { Description = "viewer, deployer, admin or owner: in --team, else on the whole platform; none: roles on single apps only ('gantry users grant')", DefaultValueFactory = _ => "deployer" };
        var team = new Option<string?>("--team") { Description = "The team the role is in (make it with 'gantry teams create')" };
        var email = new Option<string?>("--email") { Description = "The user's e-mail address" };
        var command = new Command("add", ApiCommand.Describe(
            "Add a user and set their password (asked at a terminal, or read with --password-stdin).",
            "gantry users add ana --role deployer --team web",
            "gantry users add rita --role none   # then: gantry users grant rita --app shop",
            "echo \"$PASSWORD\" | gantry users add ops --role owner --password-stdin"))
        {
            name, role, team, email, PasswordStdin,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            if (PasswordInput.Read(parse.GetValue(PasswordStdin), $"Password for {parse.GetValue(name)}:") is not { } password)
            {
                return ExitCodes.InvalidInput;
            }

            var user = await client.CreateUserAsync(new CreateUserRequest(parse.GetValue(name), password, parse.GetValue(role), parse.GetValue(team), parse.GetValue(email)), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(user);
                return ExitCodes.Success;
            }

            Printer.Line($"added user [bold]{Printer.Escape(user.Name)}[/]: {Printer.Escape(Roles(user))}; they sign in with 'gantry login --user {Printer.Escape(user.Name)}' or in the console");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", ApiCommand.Describe("List the users with their roles and last sign-in.", "gantry users list", "gantry users list --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var users = await client.UsersAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(users);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "ROLES", "E-MAIL", "LAST SIGN-IN", "CREATED");
            foreach (var u in users)
            {
                table.AddRow(Printer.Escape(u.Name), Printer.Escape(Roles(u)), Printer.Escape(u.Email ?? ""),
                    u.LastSignInAt is { } at ? Printer.Ago(at) : "never", $"{Printer.Ago(u.CreatedAt)} by {Printer.Escape(u.CreatedBy ?? "?")}");
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The user's name" };
        var command = new Command("remove", ApiCommand.Describe("Remove a user: their sign-ins stop working at once.", "gantry users remove ana")) { name };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            await client.DeleteAsync($"api/v1/users/{Uri.EscapeDataString(parse.GetValue(name)!)}", ct);
            Printer.Line($"removed {Printer.Escape(parse.GetValue(name))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Passwd()
    {
        var name = new Argument<string?>("name") { Description = "The user whose password an owner sets; left out, your own (after your current one)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("passwd", ApiCommand.Describe(
            "Set a user's password (an owner), or change your own.",
            "gantry users passwd ana",
            "gantry users passwd"))
        {
            name, PasswordStdin,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var user = parse.GetValue(name);
            var fromStdin = parse.GetValue(PasswordStdin);
            var current = user is null ? PasswordInput.Read(fromStdin, "Current password:") : "";
            if (current is null || PasswordInput.Read(fromStdin, "New password:") is not { } password)
            {
                return ExitCodes.InvalidInput;
            }

            if (user is null)
            {
                await client.ChangeOwnPasswordAsync(current, password, ct);
            }
            else
            {
                await client.SetPasswordAsync(user, password, ct);
            }

            Printer.Line(user is null ? "your password is changed" : $"the password of {Printer.Escape(user)} is set; their console sessions ended");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Roles(UserInfo user) =>
        string.Join("; ", (user.Role is null ? [] : new[] { $"{user.Role} of the platform" })
            .Concat(user.Teams.Select(t => $"{t.Role} in team {t.Team}"))
            .Concat((user.Apps ?? []).Select(a => $"{a.Role} of app {a.App}"))) is { Length: > 0 } roles ? roles : "no role";
}
