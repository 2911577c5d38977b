using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry backup create|list|restore|verify</c>: backups of an app's databases, checked and put back.</summary>
public static class BackupCommand
{
    public static Command Create() => new("backup", ApiCommand.Describe(
        "Back up an app's resources (databases, caches, queues) and volumes, list the backups, restore one, or verify one in a scratch database or folder.",
        "gantry backup create shop",
        "gantry backup list shop",
        "gantry backup restore shop db --yes",
        "gantry backup verify shop db"))
    {
        CreateBackup(),
        List(),
        Restore(),
        Verify(),
    };

    private static Command CreateBackup()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var resource = new Argument<string?>("resource") { Description = "One resource or volume (db, web:db, uploads); every resource that can be backed up and every volume when left out", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("create", ApiCommand.Describe(
            "Back up a resource or volume now, into the data directory. Exits 1 when a backup failed, with the reason (also an event).",
            "gantry backup create shop db",
            "gantry backup create shop --json"))
        {
            app, resource,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            Printer.Error.WriteLine("backing up… (a large database takes a while)");
            var made = await client.CreateBackupAsync(parse.GetValue(app)!, parse.GetValue(resource), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(made);
            }
            else
            {
                foreach (var b in made)
                {
                    Printer.Line(b.State == "succeeded"
                        ? $"[green]backup {b.Id}[/] of {Printer.Escape(b.Resource)}: {Printer.Escape(Sizes.Format(b.Size ?? 0))}, sha256 {Printer.Escape(b.Sha256!)}"
                        : $"[red]backup {b.Id} of {Printer.Escape(b.Resource)} failed[/]: {Printer.Escape(b.Problem ?? "")}");
                }
            }

            return made.All(b => b.State == "succeeded") ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    private static Command List()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var resource = new Argument<string?>("resource") { Description = "Only this resource's or volume's backups", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", ApiCommand.Describe(
            "List the app's backups, newest first: id, resource, when, how it went, size and checksum.",
            "gantry backup list shop",
            "gantry backup list shop db --json"))
        {
            app, resource,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var backups = await client.BackupsAsync(parse.GetValue(app)!, parse.GetValue(resource), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(backups);
                return ExitCodes.Success;
            }

            if (backups.Count == 0)
            {
                Printer.Text($"no backups yet: gantry backup create {parse.GetValue(app)}");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "RESOURCE", "STARTED", "STATE", "SIZE", "SHA256", "TRIGGER");
            foreach (var b in backups)
            {
                table.AddRow(
                    b.Id.ToString(CultureInfo.InvariantCulture),
                    Printer.Escape(b.Resource),
                    b.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    b.State switch { "succeeded" => "[green]succeeded[/]", "failed" => $"[red]failed[/] {Printer.Escape(b.Problem ?? "")}", var s => Printer.Escape(s) },
                    b.Size is { } size ? Printer.Escape(Sizes.Format(size)) : "-",
                    b.Sha256 is { } sha ? sha[..12] : "-",
                    Printer.Escape(b.Trigger));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Restore()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var resource = new Argument<string>("resource") { Description = "The resource or volume whose backup to restore (db, web:db, uploads)" };
        var backup = new Option<long?>("--backup") { Description = "The backup's id (gantry backup list); the latest successful one when left out" };
        var to = new Option<string?>("--to") { Description = "Restore into this other resource or volume of the app (same type) instead, leaving the original as it is" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (needed when not run from a terminal)" };
        var command = new Command("restore", ApiCommand.Describe(
            "Restore a backup into its resource: the tables it holds are replaced by their rows at the time of the backup (in one transaction for postgres); a volume holds exactly the backup's files again.",
            "gantry backup restore shop db --yes",
            "gantry backup restore shop db --backup 12 --to db-copy --yes"))
        {
            app, resource, backup, to, yes,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var target = parse.GetValue(to) ?? parse.GetValue(resource)!;
            if (!parse.GetValue(yes) && !Confirm(parse.GetValue(app)!, target))
            {
                return ExitCodes.InvalidInput;
            }

            var restored = await client.RestoreBackupAsync(parse.GetValue(app)!, new RestoreBackupRequest(parse.GetValue(resource)!, parse.GetValue(backup), parse.GetValue(to)), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(restored);
            }
            else
            {
                Printer.Line($"[green]restored[/] backup {restored.Id} of {Printer.Escape(restored.Resource)} ({restored.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}) into {Printer.Escape(target)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Verify()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var resource = new Argument<string>("resource") { Description = "The resource or volume whose backup to verify" };
        var backup = new Option<long?>("--backup") { Description = "The backup's id; the latest successful one when left out" };
        var command = new Command("verify", ApiCommand.Describe(
            "Restore a backup into a scratch database or folder (removed after) and compare each table's row count (a volume's files, bytes, folders and links) with its count when the backup was taken. Exits 1 on a difference.",
            "gantry backup verify shop db",
            "gantry backup verify shop db --backup 12 --json"))
        {
            app, resource, backup,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var result = await client.VerifyBackupAsync(parse.GetValue(app)!, new VerifyBackupRequest(parse.GetValue(resource)!, parse.GetValue(backup)), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(result);
                return result.Matches ? ExitCodes.Success : ExitCodes.Failed;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("TABLE", "BACKED UP", "RESTORED", "");
            foreach (var t in result.Tables)
            {
                table.AddRow(Printer.Escape(t.Table), t.Expected.ToString(CultureInfo.InvariantCulture), t.Restored?.ToString(CultureInfo.InvariantCulture) ?? "missing", t.Matches ? "[green]ok[/]" : "[red]differs[/]");
            }

            Printer.Out.Write(table);
            foreach (var changed in result.NotCompared)
            {
                Printer.Line($"[yellow]not compared[/]: {Printer.Escape(changed)} changed while the backup was taken");
            }

            Printer.Line(result.Matches ? $"[green]backup {result.Backup} verified[/]" : $"[red]backup {result.Backup} does not restore the rows it was taken with[/]");
            return result.Matches ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    private static bool Confirm(string app, string resource) => Confirmation.Ask(
        $"restoring into {app}'s {resource}",
        $"replace the data of {app}'s {resource} with the backup's? type the resource's name to confirm: ",
        resource,
        "nothing was restored");
}
