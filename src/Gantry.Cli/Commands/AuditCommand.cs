using System.CommandLine;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry audit [--app APP] [--since 1h]</c> and <c>gantry audit verify</c>: who changed what, and proof the record is whole.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var app = new Option<string?>("--app") { Description = "Only changes to this app" };
        var since = new Option<string?>("--since") { Description = "Only entries since a duration ago (10m, 2h, 7d) or a time" };
        var limit = new Option<int?>("--limit") { Description = "At most this many entries, the newest (default 200)" };
        var command = new Command("audit", ApiCommand.Describe(
            "Show the audit log: every change made through the API (deploys, scaling, rollbacks, keys, settings, secret reveals …), who made it, from where, and how it ended. Entries are hash-chained; 'gantry audit verify' proves none was changed or removed.",
            "gantry audit",
            "gantry audit --app shop --since 7d",
            "gantry audit --json > audit.json   # entries keep their hashes, so an export can be checked later",
            "gantry audit verify"))
        {
            app, since, limit,
        };
        command.Subcommands.Add(Verify());
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var entries = await client.AuditAsync(parse.GetValue(app), parse.GetValue(since), parse.GetValue(limit), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(entries);
                return ExitCodes.Success;
            }

            if (entries.Count == 0)
            {
                Printer.Line("no audit entries");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("#", "TIME", "WHO", "FROM", "ACTION", "APP", "OUTCOME", "DETAILS");
            foreach (var e in entries)
            {
                var outcome = e.Outcome.StartsWith("refused", StringComparison.Ordinal) || e.Outcome.StartsWith("failed", StringComparison.Ordinal) ? $"[red]{Printer.Escape(e.Outcome)}[/]" : Printer.Escape(e.Outcome);
                table.AddRow($"{e.Sequence}", e.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    Printer.Escape(e.Actor), Printer.Escape(e.Address), Printer.Escape(e.Action), Printer.Escape(e.App ?? ""), outcome, Printer.Escape(e.Summary));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Verify()
    {
        var command = new Command("verify", ApiCommand.Describe(
            "Check the audit log's hash chain; exits 1 naming the first entry that was changed, removed or moved.",
            "gantry audit verify",
            "gantry audit verify --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var result = await client.VerifyAuditAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(result);
            }
            else if (result.Valid)
            {
                Printer.Line(result.Entries == 0
                    ? "[green]valid[/]: the audit log is empty"
                    : $"[green]valid[/]: {result.Entries} entries, {result.First}–{result.Last}, head {result.Head}");
            }
            else
            {
                Printer.Fail($"the audit log is broken at entry {result.BrokenAt}: {result.Reason}");
            }

            return result.Valid ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }
}
