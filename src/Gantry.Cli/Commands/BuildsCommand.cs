using System.CommandLine;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry builds logs APP [--release N]</c>: what building a release printed.</summary>
public static class BuildsCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var release = new Option<int?>("--release", "-r") { Description = "The release whose build to show (default: the latest)" };
        var logs = new Command("logs", ApiCommand.Describe(
            "Show the build output of an app's release: each step and its output, what the builder detected (stack, version, start command) and why a build failed.",
            "gantry builds logs hello",
            "gantry builds logs hello --release 3",
            "gantry builds logs hello --json"))
        {
            app, release,
        };
        logs.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var name = parse.GetValue(app)!;
            var number = parse.GetValue(release) ?? (await client.ReleasesAsync(name, ct)).Select(r => (int?)r.Number).Max();
            if (number is null)
            {
                Printer.Fail($"app '{name}' has no release yet; deploy it first");
                return ExitCodes.Failed;
            }

            var text = await client.BuildLogAsync(name, number.Value, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(new { app = name, release = number.Value, lines = text.Split('\n').SkipLast(text.EndsWith('\n') ? 1 : 0) });
            }
            else
            {
                Console.Out.Write(text);
            }

            return ExitCodes.Success;
        }));

        return new Command("builds", ApiCommand.Describe("Show what building an app's releases printed.", "gantry builds logs hello")) { logs };
    }
}
