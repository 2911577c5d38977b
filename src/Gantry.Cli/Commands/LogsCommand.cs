using System.CommandLine;
using System.Text.Json;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry logs APP [WORKLOAD] [-f] [--since]</c>: the output of an app's instances.</summary>
public static class LogsCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var workload = new Argument<string?>("workload") { Description = "Only this workload", Arity = ArgumentArity.ZeroOrOne };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl-C" };
        var since = new Option<string?>("--since") { Description = "Only lines since a duration ago (30s, 10m, 2h, 1d) or a time (2026-01-02T15:04:05Z)" };
        var command = new Command("logs", ApiCommand.Describe(
            "Show the output (stdout, stderr) of an app's instances, oldest first, and what Gantry did to them.",
            "gantry logs hello",
            "gantry logs hello web -f --since 10m"))
        {
            app, workload, follow, since,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var json = parse.GetValue(CommonOptions.Json);
            await foreach (var line in client.LogsAsync(parse.GetValue(app)!, parse.GetValue(workload), parse.GetValue(since), parse.GetValue(follow), ct))
            {
                if (json)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(line, JsonSerializerOptions.Web));
                }
                else
                {
                    var color = line.Stream switch { "stderr" => "red", "gantry" => "blue", _ => "grey" };
                    Printer.Line($"[grey]{line.Time.ToLocalTime():HH:mm:ss.fff}[/] [{color}]{Printer.Escape(line.InstanceId)}[/] {Printer.Escape(line.Text)}");
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
