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
        var file = new Option<string?>("--file") { Description = "Check an export ('gantry audit --json' saved to a file) here, without the server: its entries must link up, each hash matching its fields" };
        var command = new Command("verify", ApiCommand.Describe(
            "Check the audit log's hash chain; exits 1 naming the first entry that was changed, removed or moved.",
            "gantry audit verify",
            "gantry audit verify --json",
            "gantry audit --json --limit 100000 > audit.json && gantry audit verify --file audit.json"))
        {
            file,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(file) is not { } path)
            {
                return await ApiCommand.RunAsync(parse, async client => Report(parse, await client.VerifyAuditAsync(ct)));
            }

            if (ReadExport(path) is not { } exported)
            {
                return ExitCodes.InvalidInput;
            }

            return Report(parse, Gantry.ControlPlane.Audit.AuditChain.VerifyExport(exported));
        });
        return command;
    }

    /// <summary>An export's entries; null (the reason printed) when the file is missing or not one.</summary>
    private static List<Gantry.ControlPlane.Api.Contracts.AuditEntryInfo>? ReadExport(string path)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<List<Gantry.ControlPlane.Api.Contracts.AuditEntryInfo>>(File.ReadAllText(path), System.Text.Json.JsonSerializerOptions.Web)
                ?? throw new System.Text.Json.JsonException("the file holds null");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            Printer.Fail($"--file {path}: {(e is System.Text.Json.JsonException ? "not an export of 'gantry audit --json'" : e.Message)}{(e is System.Text.Json.JsonException json && json.LineNumber is { } line ? $" (line {line + 1})" : "")}");
            return null;
        }
    }

    private static int Report(ParseResult parse, Gantry.ControlPlane.Api.Contracts.AuditVerification result)
    {
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
    }
}
