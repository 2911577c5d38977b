using System.Security.Cryptography;
using System.Text.Json;
using Gantry.AppModel.Provisioners;
using Gantry.Cli.Tests.Support;
using Gantry.ControlPlane.Resources.Backups;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// Backups of a <c>postgres</c> resource with the real CLI, a real <c>gantry up</c> and the machine's PostgreSQL: made
/// into an owner-only file with its size and SHA-256, restored to exactly the backed-up rows, verified in a scratch
/// database, refused when the file changed, and a failing backup (a platform's own definition, from DATA/provisioners)
/// reported as failed with its reason and as an event, never as done.
/// </summary>
public sealed class PostgresBackupTests() : ResourceTest("gantry-backup")
{
    [Fact]
    public async Task ABackup_RestoresExactlyItsRows_VerifiesInAScratchDatabase_AndIsRefusedOnceItsFileChanged()
    {
        RequirePostgres();
        var notes = new NotesApp(NotesStore.Postgres, "notes");
        await DeployAsync(notes, "v1");
        await WriteAsync(notes, "alpha");
        await WriteAsync(notes, "beta");

        var created = await Gantry.RunAsync("backup", "create", "notes", "db", "--json");
        Assert.True(created.ExitCode == 0, $"{created}\n--- server\n{Gantry.Output}");
        var backup = Assert.Single(JsonDocument.Parse(created.Stdout).RootElement.EnumerateArray());
        Assert.Equal("succeeded", backup.GetProperty("state").GetString());
        var id = backup.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(Gantry.DataDirectory, "backups"), "*.dump", SearchOption.AllDirectories));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(new FileInfo(file).Length, backup.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), backup.GetProperty("sha256").GetString());

        // More writes, then the restore: exactly the rows of the backup.
        await WriteAsync(notes, "gamma");
        Assert.Equal("alpha\nbeta\ngamma", await ReadAsync(notes));
        var unconfirmed = await Gantry.RunAsync("backup", "restore", "notes", "db");
        Assert.Equal(2, unconfirmed.ExitCode);
        Assert.Contains("--yes", unconfirmed.Stderr);
        var restored = await Gantry.RunAsync("backup", "restore", "notes", "db", "--yes");
        Assert.True(restored.ExitCode == 0, $"{restored}\n--- server\n{Gantry.Output}");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));

        // Verify: restored into a scratch database, counted, compared; the scratch database is gone after.
        var verified = await Gantry.RunAsync("backup", "verify", "notes", "db", "--json");
        Assert.True(verified.ExitCode == 0, $"{verified}\n--- server\n{Gantry.Output}");
        var table = Assert.Single(JsonDocument.Parse(verified.Stdout).RootElement.GetProperty("tables").EnumerateArray());
        Assert.Equal("public.notes", table.GetProperty("table").GetString());
        Assert.Equal(2, table.GetProperty("expected").GetInt64());
        Assert.Equal(2, table.GetProperty("restored").GetInt64());
        var databases = await PsqlAsAdminAsync("SELECT datname FROM pg_database");
        Assert.DoesNotContain("verify", databases, StringComparison.Ordinal);

        // A changed file is not restored, and nothing changes.
        await WriteAsync(notes, "delta");
        await File.AppendAllTextAsync(file, "x");
        var refused = await Gantry.RunAsync("backup", "restore", "notes", "db", "--backup", id, "--yes");
        Assert.Equal(2, refused.ExitCode); // refused, as a conflict with what is stored
        Assert.Contains($"backup {id}: its file", refused.Stderr);
        Assert.Contains("not the one recorded", refused.Stderr);
        Assert.Equal("alpha\nbeta\ndelta", await ReadAsync(notes));

        var events = await EventsAsync("notes");
        Assert.Contains(events, e => e.Kind == "backup.succeeded" && e.Message.Contains($"backup {id} done", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "backup.restored");
        Assert.Contains(events, e => e.Kind == "backup.verified");
    }

    [Fact]
    public async Task AFailingBackup_IsReportedAsFailedWithItsReason_AndAsAnEvent_AndLeavesNoFile()
    {
        RequirePostgres();
        // A platform's own class of postgres whose backup cannot work: the built-in definition with another dump command.
        var folder = Directory.CreateDirectory(Path.Combine(Gantry.DataDirectory, "provisioners")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "postgres-broken.yaml"), BrokenBackupDefinition());
        var app = new NotesApp(NotesStore.Postgres, "broken", Class: "broken");
        await DeployAsync(app, "broken");
        await WriteAsync(app, "row");

        var created = await Gantry.RunAsync("backup", "create", "broken", "--json");
        Assert.Equal(1, created.ExitCode);
        var backup = Assert.Single(JsonDocument.Parse(created.Stdout).RootElement.EnumerateArray());
        Assert.Equal("failed", backup.GetProperty("state").GetString());
        Assert.Contains("the dump disk is full", backup.GetProperty("problem").GetString());
        Assert.Equal(JsonValueKind.Null, backup.GetProperty("sha256").ValueKind);
        Assert.Empty(Directory.GetFiles(Path.Combine(Gantry.DataDirectory, "backups"), "*", SearchOption.AllDirectories));

        var list = await Gantry.RunAsync("backup", "list", "broken");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("failed", list.Stdout);
        var resources = await Gantry.RunAsync("resources", "list", "broken", "--json");
        var last = Assert.Single(JsonDocument.Parse(resources.Stdout).RootElement.EnumerateArray()).GetProperty("lastBackup");
        Assert.Equal("failed", last.GetProperty("state").GetString());
        var status = await Gantry.RunAsync("status", "broken");
        Assert.Contains("LAST BACKUP", status.Stdout);
        Assert.Contains("failed", status.Stdout);
        var failed = Assert.Single(await EventsAsync("broken"), e => e.Kind == "backup.failed");
        Assert.Contains("the dump disk is full", failed.Message);
        var restore = await Gantry.RunAsync("backup", "restore", "broken", "db", "--yes");
        Assert.Equal(2, restore.ExitCode);
        Assert.Contains("has no successful backup", restore.Stderr);
    }

    [Fact]
    public async Task WithABucket_ABackupIsDoneOnceItsCopyIsConfirmed_AndRestoresFromTheBucket_AgainstS3rverStandingInForS3()
    {
        RequirePostgres();
        await using var s3 = await S3rverProcess.StartAsync(Temp.Combine("s3"), "gantry-backups");
        Assert.Equal(0, await Gantry.StopAsync());
        var credentials = new Dictionary<string, string>
        {
            [S3BackupTarget.AccessKeyVariable] = S3rverProcess.AccessKeyId,
            [S3BackupTarget.SecretKeyVariable] = S3rverProcess.SecretKey,
        };
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"), credentials, extraArgs: ["--backup-s3", $"{s3.Endpoint}gantry-backups/nightly"]);
        var notes = new NotesApp(NotesStore.Postgres, "notes");
        await DeployAsync(notes, "v1");
        await WriteAsync(notes, "alpha");

        var created = await Gantry.RunAsync("backup", "create", "notes", "db", "--json");
        Assert.True(created.ExitCode == 0, $"{created}\n--- server\n{Gantry.Output}");
        var backup = Assert.Single(JsonDocument.Parse(created.Stdout).RootElement.EnumerateArray());
        var remote = backup.GetProperty("remote").GetString()!;
        Assert.StartsWith("s3://gantry-backups/nightly/", remote, StringComparison.Ordinal);
        var copy = Assert.Single(Directory.GetFiles(s3.Directory, "*._S3rver_object", SearchOption.AllDirectories));
        Assert.Equal(backup.GetProperty("size").GetInt64(), new FileInfo(copy).Length);

        // The machine's file is lost: the restore brings it back from the bucket, checks it, and restores it.
        File.Delete(Assert.Single(Directory.GetFiles(Path.Combine(Gantry.DataDirectory, "backups"), "*.dump", SearchOption.AllDirectories)));
        await WriteAsync(notes, "beta");
        var restored = await Gantry.RunAsync("backup", "restore", "notes", "db", "--yes");
        Assert.True(restored.ExitCode == 0, $"{restored}\n--- server\n{Gantry.Output}");
        Assert.Equal("alpha", await ReadAsync(notes));

        // The bucket stops answering: the backup is failed, not done, and its file is kept on the machine.
        await s3.StopAsync();
        var unconfirmed = await Gantry.RunAsync("backup", "create", "notes", "db", "--json");
        Assert.Equal(1, unconfirmed.ExitCode);
        var failed = Assert.Single(JsonDocument.Parse(unconfirmed.Stdout).RootElement.EnumerateArray());
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Contains("upload to s3://gantry-backups/nightly/", failed.GetProperty("problem").GetString());
        Assert.Contains("the file is kept at", failed.GetProperty("problem").GetString());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Gantry.DataDirectory, "backups"), "*.dump", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task AScheduledBackup_RunsOnItsSchedule_AndOnlyTheNewestKeepAreKept()
    {
        RequirePostgres();
        var app = new NotesApp(NotesStore.Postgres, "nightly");
        var entry = app.WriteTo(Temp.Combine("nightly"));
        await File.AppendAllTextAsync(entry, "backups:\n  schedule: \"*/2 * * * * *\"\n  keep: 2\n");
        var deploy = await Gantry.RunAsync("deploy", "-f", entry, "--wait");
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");
        await WriteAsync(app, "row");

        // At least three have run (every two seconds); two are kept, with their files, and the older ones are gone.
        var backups = Path.Combine(Gantry.DataDirectory, "backups");
        var seen = "";
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                var done = (await EventsAsync("nightly")).Count(e => e.Kind == "backup.succeeded");
                var list = await Gantry.RunAsync("backup", "list", "nightly", "--json");
                var kept = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
                seen = $"{done} succeeded events; listed: {list.Stdout}";
                return done >= 3 && kept.Count == 2 && kept.All(b => b.GetProperty("trigger").GetString() == "scheduled" && b.GetProperty("state").GetString() == "succeeded")
                    && Directory.GetFiles(backups, "*.dump", SearchOption.AllDirectories).Length == 2;
            }, TimeSpan.FromSeconds(60), "three scheduled backups to run and two to be kept");
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message}\n{seen}\n--- server\n{Gantry.Output}");
        }
    }

    /// <summary>The built-in postgres definition as class 'broken', whose dump fails after writing part of a file.</summary>
    private static string BrokenBackupDefinition()
    {
        var text = BuiltInPostgres();
        var dump = """command: ["pg_dump", "-Fc", """;
        Assert.Contains(dump, text);
        return text
            .Replace("type: postgres\n", "type: postgres\nclass: broken\n", StringComparison.Ordinal)
            .Replace(dump, """command: ["bash", "-c", "printf partial; echo 'pg_dump: error: the dump disk is full' >&2; exit 1", "x", """, StringComparison.Ordinal);
    }

    /// <summary>The text of Gantry's own postgres definition, as a platform team would start from it.</summary>
    internal static string BuiltInPostgres()
    {
        using var stream = typeof(ProvisionerFiles).Assembly.GetManifestResourceStream("Gantry.AppModel.Provisioners.BuiltIn.postgres.yaml")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private async Task<string> PsqlAsAdminAsync(string sql)
    {
        var shown = await Gantry.RunAsync("resources", "show", "notes", "db", "--reveal", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var outputs = JsonDocument.Parse(shown.Stdout).RootElement.GetProperty("outputs");
        // The app's own user may list databases (pg_database is readable by every role).
        var start = new System.Diagnostics.ProcessStartInfo("psql", ["-X", "-At", "-h", outputs.GetProperty("host").GetString()!, "-p", outputs.GetProperty("port").GetString()!,
            "-U", outputs.GetProperty("username").GetString()!, "-d", outputs.GetProperty("name").GetString()!, "-c", sql])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = outputs.GetProperty("password").GetString();
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return output;
    }

    private async Task<IReadOnlyList<(string Kind, string Message)>> EventsAsync(string app)
    {
        using var json = JsonDocument.Parse(await ApiGetAsync($"api/v1/events?app={app}&limit=200"));
        return [.. json.RootElement.EnumerateArray().Select(e => (e.GetProperty("kind").GetString()!, e.GetProperty("message").GetString()!))];
    }
}
