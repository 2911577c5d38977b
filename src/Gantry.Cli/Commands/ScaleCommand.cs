using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry scale APP WORKLOAD=N…</c>: sets how many instances each workload runs.</summary>
public static class ScaleCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var counts = new Argument<string[]>("workload=replicas") { Description = "One or more WORKLOAD=N", Arity = ArgumentArity.OneOrMore };
        var command = new Command("scale", ApiCommand.Describe(
            "Scale an app's workloads; new instances get traffic once ready, removed ones finish their requests first.",
            "gantry scale hello web=3",
            "gantry scale shop api=2 worker=0"))
        {
            app, counts,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(counts)!)
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    Printer.Fail($"'{pair}' is not WORKLOAD=N (for example web=3)");
                    return ExitCodes.InvalidInput;
                }

                replicas[parts[0]] = n;
            }

            var name = parse.GetValue(app)!;
            var accepted = await client.ScaleAsync(name, replicas, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(new { accepted.App, Replicas = replicas });
            }
            else
            {
                Printer.Line($"scaled {Printer.Escape(name)}: {Printer.Escape(string.Join(", ", replicas.Select(r => $"{r.Key}={r.Value}")))}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
