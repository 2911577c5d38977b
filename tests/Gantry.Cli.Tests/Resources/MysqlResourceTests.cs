using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// A <c>mysql</c> resource on the process runtime, end to end with a real <c>gantry up</c> and the machine's MariaDB:
/// a database and a user per app (another app's credentials refused), rows kept through a new release, a restart of
/// Gantry and a <c>kill -9</c> of the server; the password shown nowhere unless revealed; a purged resource's user and
/// database gone.
/// </summary>
public sealed class MysqlResourceTests() : ResourceTest("gantry-mysql")
{
    private const string Service = "mysql-default";

    [Fact]
    public async Task AMysqlResource_IsADatabaseAndUserPerApp_IsolatedFromOthers_AndKeepsItsRowsThroughReleasesRestartsAndKills()
    {
        RequireMariadb();
        var notes = new NotesApp(NotesStore.Mysql, "notes");
        var other = new NotesApp(NotesStore.Mysql, "other");

        // Each app has its own user: one app's credentials cannot reach the other's database.
        var (mine, theirs) = await TwoAppsWithNotesAsync(notes, other);
        Assert.Equal(mine["name"], mine["database"]);
        var intrusion = await MariadbAsync(mine, theirs["name"], "SELECT * FROM notes");
        Assert.NotEqual(0, intrusion.ExitCode);
        Assert.Contains($"Access denied for user '{mine["username"]}'@'%' to database '{theirs["name"]}'", intrusion.Stderr);
        var across = await MariadbAsync(mine, mine["name"], $"SELECT * FROM `{theirs["name"]}`.notes");
        Assert.Contains("SELECT command denied", across.Stderr);

        // A new release and a restart of Gantry (the server stopped and started again): the rows are there.
        await NewReleaseAndRestartAsync(notes, Service);

        // kill -9 of the server: restarted, InnoDB recovers every committed row.
        await WriteAsync(notes, "gamma");
        await KillServerAndReadAgainAsync(Service, notes, "alpha\nbeta\ngamma");

        await AssertNowhereAsync("notes", mine["password"], theirs["password"]);
    }

    [Fact]
    public async Task PurgingAnApp_DropsItsMysqlUserAndDatabase_AndNoOneElses()
    {
        RequireMariadb();
        var notes = new NotesApp(NotesStore.Mysql, "keeper");
        var other = new NotesApp(NotesStore.Mysql, "other");
        var (credentials, _) = await TwoAppsWithNotesAsync(notes, other);

        Assert.Equal(0, (await Gantry.RunAsync("apps", "delete", "keeper", "--yes")).ExitCode);
        await DeployAsync(notes, "again");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes)); // deleting without --purge keeps the database

        var purge = await Gantry.RunAsync("apps", "delete", "keeper", "--purge", "--yes");
        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.Contains($"Access denied for user '{credentials["username"]}'", (await MariadbAsync(credentials, credentials["name"], "SELECT 1")).Stderr);
        await DeployAsync(notes, "fresh");
        await WriteAsync(notes, "new");
        Assert.Equal("new", await ReadAsync(notes)); // an empty database again: the old notes went with it
        Assert.Equal("gamma", await ReadAsync(other));
    }

    [Fact]
    public async Task AMysqlBackup_RestoresExactlyItsRows_AndVerifiesInAScratchDatabase()
    {
        RequireMariadb();
        var notes = new NotesApp(NotesStore.Mysql, "kept");
        await DeployAsync(notes, "kept");
        await WriteAsync(notes, "alpha");
        await WriteAsync(notes, "beta");

        var created = await Gantry.RunAsync("backup", "create", "kept", "db");
        Assert.True(created.ExitCode == 0, $"{created}\n--- server\n{Gantry.Output}");
        await WriteAsync(notes, "gamma");
        var restored = await Gantry.RunAsync("backup", "restore", "kept", "db", "--yes");
        Assert.True(restored.ExitCode == 0, $"{restored}\n--- server\n{Gantry.Output}");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));

        var verified = await Gantry.RunAsync("backup", "verify", "kept", "db");
        Assert.True(verified.ExitCode == 0, $"{verified}\n--- server\n{Gantry.Output}");
        Assert.Contains("verified", verified.Stdout);
    }

    private static void RequireMariadb() => Require(File.Exists("/usr/sbin/mariadbd") && File.Exists("/usr/bin/mariadb"), "MariaDB", "mariadb-server");

    private static Task<(int ExitCode, string Stdout, string Stderr)> MariadbAsync(Dictionary<string, string> credentials, string database, string sql) =>
        ToolAsync("mariadb", ["--no-defaults", "-N", "-B", "-h", credentials["host"], "-P", credentials["port"], "-u", credentials["username"], database, "-e", sql],
            new Dictionary<string, string> { ["MYSQL_PWD"] = credentials["password"] });
}
