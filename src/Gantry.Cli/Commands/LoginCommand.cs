using System.CommandLine;
using Gantry.Cli.Client;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry login|logout|whoami</c>: sign in as a user; the CLI keeps the token the server answers for that server.</summary>
public static class LoginCommand
{
    private static readonly Option<bool> PasswordStdin = new("--password-stdin") { Description = "Read the password from standard input (for scripts)" };

    public static Command Login()
    {
        var user = new Option<string?>("--user") { Description = "Your user name ('gantry users add' made it); signs in with your password" };
        var code = new Option<string?>("--code") { Description = "The 6-digit code of your second factor, if you set one up ('gantry users totp enable')" };
        var web = new Option<bool>("--web") { Description = "Sign in through the console in a browser instead (a password, a second factor or single sign-on, as the console takes them)" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "With --web: only print the address to open (on a machine without a browser, open it on yours)" };
        var command = new Command("login", ApiCommand.Describe(
            "Sign in as a user: the token the server answers (valid 30 days, with your roles) is kept in ~/.config/gantry/login.json for that server and used by every command.",
            "gantry login --user ana",
            "echo \"$PASSWORD\" | gantry login --user ana --password-stdin --server https://gantry.example.com",
            "gantry login --user ana --code 123456",
            "gantry login --web --server https://gantry.example.com"))
        {
            user, code, PasswordStdin, web, noBrowser,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            if (parse.GetValue(web) == (parse.GetValue(user) is not null))
            {
                Printer.Fail(parse.GetValue(web) ? "--user: not with --web; the console asks who you are" : "--user: give your user name, or sign in through the console with --web");
                return ExitCodes.InvalidInput;
            }

            SignedIn? signedIn;
            try
            {
                signedIn = parse.GetValue(web) ? await WebSignIn.RunAsync(client, !parse.GetValue(noBrowser), Printer.Error, ct)
                    : PasswordInput.Read(parse.GetValue(PasswordStdin), "Password:") is { } password ? await client.SignInAsync(parse.GetValue(user)!, password, parse.GetValue(code), ct)
                    : null;
            }
            catch (TimeoutException e)
            {
                Printer.Fail(e.Message);
                return ExitCodes.Failed;
            }

            if (signedIn is null)
            {
                return ExitCodes.InvalidInput;
            }

            new LoginFile(client.Server.ToString(), signedIn.User, signedIn.Token, signedIn.TokenName, signedIn.ExpiresAt).Save();
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(new { signedIn.User, signedIn.TokenName, signedIn.ExpiresAt, signedIn.Scopes, Server = client.Server });
                return ExitCodes.Success;
            }

            Printer.Line($"signed in to {Printer.Escape(client.Server.ToString())} as [bold]{Printer.Escape(signedIn.User)}[/] ({Printer.Escape(Describe(signedIn.Scopes))}) until {signedIn.ExpiresAt:yyyy-MM-dd} UTC");
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Logout()
    {
        var command = new Command("logout", ApiCommand.Describe("Sign out: the server revokes this sign-in's token and the CLI forgets it.", "gantry logout"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            if (LoginFile.For(client.Server) is null)
            {
                Printer.Line($"not signed in to {Printer.Escape(client.Server.ToString())}");
                return ExitCodes.Success;
            }

            try
            {
                await client.DeleteAsync("api/v1/sessions/current", ct);
            }
            catch (ApiException e) when (e.StatusCode == 401)
            {
                // Already expired or revoked on the server: forgetting it here is all that is left.
            }

            LoginFile.Delete();
            Printer.Line($"signed out of {Printer.Escape(client.Server.ToString())}");
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command WhoAmI()
    {
        var command = new Command("whoami", ApiCommand.Describe("Who the CLI acts as, and what that may do.", "gantry whoami", "gantry whoami --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var me = await client.MeAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(me);
                return ExitCodes.Success;
            }

            Printer.Line($"{(me.User is null ? "token" : "user")} [bold]{Printer.Escape(me.Name)}[/]: {Printer.Escape(Describe(me.Scopes))}"
                + (me.Workload is null ? "" : $", deploying workload {Printer.Escape(me.Workload)} only"));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>"owner of the platform; deployer in team web".</summary>
    internal static string Describe(IReadOnlyList<string> scopes) => scopes.Count == 0 ? "no role" : string.Join("; ", scopes.Select(s => s.Split(':') switch
    {
        ["platform", var role] => $"{role} of the platform",
        ["team", var team, var role] => $"{role} in team {team}",
        ["app", var app, var role] => $"{role} of app {app} only",
        _ => s,
    }));
}
