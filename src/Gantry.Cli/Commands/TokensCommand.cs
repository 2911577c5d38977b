using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry tokens create|list|revoke</c>: API tokens with a role, for one app or all, until a time (docs/access.md).</summary>
public static class TokensCommand
{
    public static Command Create() => new("tokens", ApiCommand.Describe(
        "Make, list and revoke API tokens: each has a role (viewer, deployer, admin, owner), may be for one app only, and may expire.",
        "gantry tokens create --name ci-shop --role deployer --app shop --expires 90d",
        "gantry tokens create --name web-ci --role deployer --team web",
        "gantry tokens list",
        "gantry tokens revoke ci-shop"))
    {
        CreateToken(),
        List(),
        Revoke(),
    };

    private static Command CreateToken()
    {
        var name = new Option<string>("--name") { Description = "What the token is for, for example 'ci-shop' (lower-case letters, digits, '-', '_', '.')", Required = true };
        var role = new Option<string>("--role") { Description = "viewer, deployer, admin or owner (docs/access.md)", DefaultValueFactory = _ => "deployer" };
        var app = new Option<string?>("--app") { Description = "The one app the token may act on; every app and the platform when left out" };
        var team = new Option<string?>("--team") { Description = "The one team whose apps the token may act on (instead of --app)" };
        var workload = new Option<string?>("--workload") { Description = "With --app: the token deploys that one workload only (a partial deploy)" };
        var expires = new Option<string?>("--expires") { Description = "How long it is valid, for example 30d or 12h; no end when left out" };
        var command = new Command("create", ApiCommand.Describe(
            "Make a token. It is printed once: Gantry keeps only its hash.",
            "gantry tokens create --name ci-shop --role deployer --app shop --expires 90d",
            "gantry tokens create --name web-team-ci --role deployer --team web",
            "gantry tokens create --name ci-shop-api --app shop --workload api",
            "gantry tokens create --name dashboard --role viewer --json"))
        {
            name, role, app, team, workload, expires,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            DateTimeOffset? until = null;
            if (parse.GetValue(expires) is { } text)
            {
                if (!Durations.TryParse(text, out var valid) || valid <= TimeSpan.Zero)
                {
                    Printer.Fail($"--expires: '{text}' is not a duration, for example 30d, 12h or 90m");
                    return ExitCodes.InvalidInput;
                }

                until = DateTimeOffset.UtcNow + valid;
            }

            var created = await client.CreateTokenAsync(new CreateTokenRequest(parse.GetValue(name), parse.GetValue(role), parse.GetValue(app), until, parse.GetValue(team), parse.GetValue(workload)), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(created);
                return ExitCodes.Success;
            }

            Printer.Line($"created token [bold]{Printer.Escape(created.Info.Name)}[/]: {Describe(created.Info)}");
            Printer.Text(created.Token);
            Printer.Line("[grey]Store it now: it is not shown again. Send it as 'Authorization: Bearer TOKEN', or set GANTRY_TOKEN for the CLI.[/]");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", ApiCommand.Describe("List the tokens: role, app, expiry, last use (never the tokens themselves).", "gantry tokens list", "gantry tokens list --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var tokens = await client.TokensAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(tokens);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "ROLE", "FOR", "EXPIRES", "LAST USED", "CREATED");
            foreach (var t in tokens)
            {
                table.AddRow(Printer.Escape(t.Name), t.User is null ? t.Role : "(user's)", Printer.Escape(For(t)),
                    t.ExpiresAt is { } at ? (at <= DateTimeOffset.UtcNow ? "[red]expired[/]" : at.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)) : "never",
                    t.LastUsedAt is { } used ? Printer.Ago(used) : "never", $"{Printer.Ago(t.CreatedAt)} by {Printer.Escape(t.CreatedBy ?? "?")}");
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var name = new Argument<string>("name") { Description = "The token's name" };
        var command = new Command("revoke", ApiCommand.Describe("Revoke a token: requests with it get 401 from now on.", "gantry tokens revoke ci-shop"))
        {
            name,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            await client.DeleteAsync($"api/v1/tokens/{Uri.EscapeDataString(parse.GetValue(name)!)}", ct);
            Printer.Line($"revoked {Printer.Escape(parse.GetValue(name))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string For(TokenInfo t) =>
        t.User is { } user ? $"user {user}" : t.Workload is { } w ? $"app {t.App}, workload {w}" : t.App is { } a ? $"app {a}" : t.Team is { } team ? $"team {team}" : "(all)";

    private static string Describe(TokenInfo token) =>
        $"{token.Role} for " + (token.App is null && token.Team is null ? "every app" : Printer.Escape(For(token)) + " only")
        + (token.ExpiresAt is { } at ? $", until {at:yyyy-MM-dd HH:mm} UTC" : ", no expiry");
}
