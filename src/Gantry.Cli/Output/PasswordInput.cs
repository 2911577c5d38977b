using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>A password from standard input (<c>--password-stdin</c>, for scripts) or typed at a terminal without echo; never from an argument.</summary>
public static class PasswordInput
{
    /// <summary>The password; null (after saying why) when there is none to read.</summary>
    public static string? Read(bool fromStdin, string prompt)
    {
        if (fromStdin)
        {
            var line = Console.In.ReadLine()?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(line))
            {
                Printer.Fail("--password-stdin: standard input held no password");
                return null;
            }

            return line;
        }

        if (Console.IsInputRedirected)
        {
            Printer.Fail("give the password with --password-stdin (for example: echo \"$PASSWORD\" | gantry login --user ana --password-stdin)");
            return null;
        }

        return AnsiConsole.Prompt(new TextPrompt<string>(prompt).Secret());
    }
}
