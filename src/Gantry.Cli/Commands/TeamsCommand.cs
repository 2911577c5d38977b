using System.CommandLine;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry teams create|list|remove|add-member|remove-member|own</c>: teams own apps; members' roles apply to them.</summary>
public static class TeamsCommand
{
    private static readonly Argument<string> Team = new("team") { Description = "The team's name (lower-case letters, digits, '-')" };

    public static Command Create() => new("teams", ApiCommand.Describe(
        "Make teams, give them apps and members: a member's role in a team applies to the apps it owns.",
        "gantry teams create web",
        "gantry teams add-member web ana --role deployer",
        "gantry teams own web shop"))
    {
        Make(),
        List(),
        Simple("remove", "Remove a team and its members' roles and tokens; its apps stay, owned by no team.", "gantry teams remove web",
            (client, team, ct) => client.DeleteAsync($"api/v1/teams/{Uri.EscapeDataString(team)}", ct), "removed team {0}"),
        AddMember(),
        RemoveMember(),
        Own(),
    };

    private static Command Make() =>
        Simple("create", "Make a team.", "gantry teams create web", (client, team, ct) => client.CreateTeamAsync(team, ct), "made team {0}");

    private static Command Simple(string verb, string summary, string example, Func<Client.GantryClient, string, CancellationToken, Task> act, string done)
    {
        var team = new Argument<string>("team") { Description = Team.Description };
        var command = new Command(verb, ApiCommand.Describe(summary, example)) { team };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            await act(client, parse.GetValue(team)!, ct);
            Printer.Line(string.Format(System.Globalization.CultureInfo.InvariantCulture, done, Printer.Escape(parse.GetValue(team))));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", ApiCommand.Describe("List the teams with their members and apps.", "gantry teams list", "gantry teams list --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var teams = await client.TeamsAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(teams);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("TEAM", "MEMBERS", "APPS");
            foreach (var t in teams)
            {
                table.AddRow(Printer.Escape(t.Name), Printer.Escape(string.Join(", ", t.Members.Select(m => $"{m.User} ({m.Role})"))), Printer.Escape(string.Join(", ", t.Apps)));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command AddMember()
    {
        var team = new Argument<string>("team") { Description = Team.Description };
        var user = new Argument<string>("user") { Description = "The user's name" };
        var role = new Option<string>("--role") { Description = "viewer, deployer, admin or owner in the team", DefaultValueFactory = _ => "deployer" };
        var command = new Command("add-member", ApiCommand.Describe("Give a user a role in a team (replacing their role there).", "gantry teams add-member web ana --role deployer")) { team, user, role };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var member = await client.SetMemberAsync("teams", parse.GetValue(team)!, parse.GetValue(user)!, parse.GetValue(role), ct);
            Printer.Line($"{Printer.Escape(member.User)} is {member.Role} in team {Printer.Escape(parse.GetValue(team))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command RemoveMember()
    {
        var team = new Argument<string>("team") { Description = Team.Description };
        var user = new Argument<string>("user") { Description = "The user's name" };
        var command = new Command("remove-member", ApiCommand.Describe("Take a user out of a team.", "gantry teams remove-member web ana")) { team, user };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            await client.DeleteAsync($"api/v1/teams/{Uri.EscapeDataString(parse.GetValue(team)!)}/members/{Uri.EscapeDataString(parse.GetValue(user)!)}", ct);
            Printer.Line($"{Printer.Escape(parse.GetValue(user))} is no longer in team {Printer.Escape(parse.GetValue(team))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Own()
    {
        var team = new Argument<string>("team") { Description = "The team, or 'none' for no team" };
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("own", ApiCommand.Describe("Give an app to a team: its members' roles apply to it ('none': to no team).", "gantry teams own web shop", "gantry teams own none shop")) { team, app };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var owner = parse.GetValue(team) is "none" ? null : parse.GetValue(team);
            await client.SetAppTeamAsync(parse.GetValue(app)!, owner, ct);
            Printer.Line(owner is null ? $"app {Printer.Escape(parse.GetValue(app))} belongs to no team" : $"team {Printer.Escape(owner)} owns app {Printer.Escape(parse.GetValue(app))}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
