using System.CommandLine;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry users totp enable|disable</c>: an optional second factor for the signed-in user.</summary>
public static class TotpCommand
{
    public static Command Create() => new("totp", ApiCommand.Describe(
        "Set up or turn off a TOTP second factor (an authenticator app's 6-digit codes) for yourself; sign in first with 'gantry login'.",
        "gantry users totp enable",
        "gantry users totp disable",
        "gantry users totp disable ana"))
    {
        Enable(),
        Disable(),
    };

    private static Command Enable()
    {
        var code = new Option<string?>("--code") { Description = "The app's current code, to confirm (asked at a terminal when left out)" };
        var command = new Command("enable", ApiCommand.Describe(
            "Print a new secret (and its otpauth:// link) to add to an authenticator app, then confirm it with the app's code; from then on, sign-ins need a code.",
            "gantry users totp enable"))
        {
            code,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var setup = await client.BeginTotpAsync(ct);
            Printer.Line($"secret: [bold]{Printer.Escape(setup.Secret)}[/]");
            Printer.Line($"link:   {Printer.Escape(setup.Uri)}");
            var confirm = parse.GetValue(code);
            if (confirm is null && Console.IsInputRedirected)
            {
                Printer.Fail("--code: give the app's current code to turn the second factor on");
                return ExitCodes.InvalidInput;
            }

            await client.ConfirmTotpAsync(confirm ?? AnsiConsole.Prompt(new TextPrompt<string>("Code from the app:")), ct);
            Printer.Line("second factor on: 'gantry login' and the console ask for a code from now on");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Disable()
    {
        var name = new Argument<string?>("name") { Description = "A user whose factor an owner turns off (a lost phone); left out, your own", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("disable", ApiCommand.Describe("Turn a second factor off.", "gantry users totp disable", "gantry users totp disable ana")) { name };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var user = parse.GetValue(name);
            await client.DeleteAsync(user is null ? "api/v1/me/totp" : $"api/v1/users/{Uri.EscapeDataString(user)}/totp", ct);
            Printer.Line(user is null ? "your second factor is off" : $"the second factor of {Printer.Escape(user)} is off");
            return ExitCodes.Success;
        }));
        return command;
    }
}
