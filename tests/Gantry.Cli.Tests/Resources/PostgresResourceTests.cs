using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// A <c>postgres</c> resource on the process runtime, end to end with the real CLI, a real <c>gantry up</c> and the
/// machine's PostgreSQL: provisioned on deploy, one database and user per app, data kept across releases, restarts,
/// a <c>kill -9</c> of Gantry (the server adopted, not restarted) and of the server itself (restarted); its password
/// shown nowhere unless revealed.
/// </summary>
public sealed class PostgresResourceTests() : ResourceTest("gantry-postgres")
{
    private const string Service = "postgres-default";

    [Fact]
    public async Task APostgresResource_IsProvisionedPerApp_IsolatedFromOthers_AndKeepsItsRowsThroughReleasesRestartsAndKills()
    {
        RequirePostgres();
        var notes = new NotesApp(NotesStore.Postgres, "notes");
        var other = new NotesApp(NotesStore.Postgres, "other");

        // Each app has its own user: one app's credentials cannot reach the other's database.
        var (mine, theirs) = await TwoAppsWithNotesAsync(notes, other);
        var intrusion = await PsqlAsync(mine, database: theirs["name"], "SELECT count(*) FROM notes");
        Assert.NotEqual(0, intrusion.ExitCode);
        Assert.Contains("permission denied for database", intrusion.Stderr);

        // A new release, a restart of Gantry: the rows are there.
        await NewReleaseAndRestartAsync(notes, Service);

        // kill -9 of Gantry: the server keeps running and is adopted, not started again.
        var before = ServerPid(Service);
        Assert.NotNull(before);
        await Gantry.KillAsync();
        Assert.Equal(before, ServerPid(Service));
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"));
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
        Assert.Equal(before, ServerPid(Service));
        var services = await ServiceAsync(Service);
        Assert.Equal(before, services.GetProperty("pid").GetInt32());
        Assert.Equal(0, services.GetProperty("restarts").GetInt32());

        // kill -9 of the server: restarted, rows kept.
        await KillServerAndReadAgainAsync(Service, notes, "alpha\nbeta");

        // The password: in no API answer, CLI output (but the reveal), event, log or store file.
        await AssertNowhereAsync("notes", mine["password"], theirs["password"]);
    }

    [Fact]
    public async Task AResourceSharedById_ByTwoWorkloads_IsOneDatabase()
    {
        RequirePostgres();
        var folder = Temp.Combine("shared");
        new NotesApp(NotesStore.Postgres, "shop", Resource: "db", Id: "orders", Workload: "web").WriteTo(folder);
        File.Move(Path.Combine(folder, "score.yaml"), Path.Combine(folder, "web.yaml"));
        new NotesApp(NotesStore.Postgres, "shop-worker", Resource: "store", Id: "orders", Workload: "worker").WriteTo(Temp.Combine("worker"));
        File.Copy(Path.Combine(Temp.Combine("worker"), "score.yaml"), Path.Combine(folder, "worker.yaml"));
        File.WriteAllText(Path.Combine(folder, "gantry.yaml"), "name: shop\nworkloads:\n  - score: web.yaml\n  - score: worker.yaml\n");
        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, "gantry.yaml"), "--wait");
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");

        await WriteAsync(new NotesApp(NotesStore.Postgres, "shop"), "from-web");
        await WriteAsync(new NotesApp(NotesStore.Postgres, "shop-worker"), "from-worker");

        Assert.Equal("from-web\nfrom-worker", await ReadAsync(new NotesApp(NotesStore.Postgres, "shop")));
        Assert.Equal("from-web\nfrom-worker", await ReadAsync(new NotesApp(NotesStore.Postgres, "shop-worker")));
        var list = await Gantry.RunAsync("resources", "list", "shop", "--json");
        using var json = JsonDocument.Parse(list.Stdout);
        var resource = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("orders", resource.GetProperty("key").GetString());
        Assert.Equal(["web:db", "worker:store"], resource.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task DeletingAnApp_KeepsItsDatabaseForItsReturn_UnlessPurged()
    {
        RequirePostgres();
        var notes = new NotesApp(NotesStore.Postgres, "keeper");
        await DeployAsync(notes, "v1");
        await WriteAsync(notes, "kept");
        var credentials = await RevealAsync("keeper");

        Assert.Equal(0, (await Gantry.RunAsync("apps", "delete", "keeper", "--yes")).ExitCode);
        await DeployAsync(notes, "again");
        Assert.Equal("kept", await ReadAsync(notes));

        var purge = await Gantry.RunAsync("apps", "delete", "keeper", "--purge", "--yes");
        Assert.True(purge.ExitCode == 0, purge.ToString());
        var gone = await PsqlAsync(credentials, credentials["name"], "SELECT 1");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("password authentication failed", gone.Stderr); // the user is gone with its database
        await DeployAsync(notes, "fresh");
        Assert.Equal("", await ReadEmptyAsync(notes));
    }

    /// <summary>A fresh database has no notes table: /read fails naming it, and the first write makes it.</summary>
    private async Task<string> ReadEmptyAsync(NotesApp app)
    {
        using var first = await Gantry.GetAsync(app.Host, "/read");
        Assert.Contains("relation \"notes\" does not exist", await first.Content.ReadAsStringAsync());
        await WriteAsync(app, "x");
        return (await ReadAsync(app)).Replace("x", "", StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stderr)> PsqlAsync(Dictionary<string, string> credentials, string database, string sql)
    {
        var (exitCode, _, stderr) = await ToolAsync("psql", ["-X", "-At", "-h", credentials["host"], "-p", credentials["port"], "-U", credentials["username"], "-d", database, "-c", sql],
            new Dictionary<string, string> { ["PGPASSWORD"] = credentials["password"] });
        return (exitCode, stderr);
    }
}
