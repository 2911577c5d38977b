using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
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
public sealed class PostgresResourceTests() : PostgresAppTest("gantry-postgres")
{
    [Fact]
    public async Task APostgresResource_IsProvisionedPerApp_IsolatedFromOthers_AndKeepsItsRowsThroughReleasesRestartsAndKills()
    {
        RequirePostgres();
        var notes = new PostgresNotesApp("notes");
        var other = new PostgresNotesApp("other");
        await DeployAsync(notes, "v1");
        await DeployAsync(other, "other");
        await WriteAsync(notes, "alpha");
        await WriteAsync(notes, "beta");
        await WriteAsync(other, "gamma");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
        Assert.Equal("gamma", await ReadAsync(other));

        // Each app has its own user: one app's credentials cannot reach the other's database.
        var (mine, theirs) = (await RevealAsync("notes"), await RevealAsync("other"));
        Assert.NotEqual(mine["username"], theirs["username"]);
        var intrusion = await PsqlAsync(mine, database: theirs["name"], "SELECT count(*) FROM notes");
        Assert.NotEqual(0, intrusion.ExitCode);
        Assert.Contains("permission denied for database", intrusion.Stderr);

        // A new release, a restart of Gantry: the rows are there.
        await DeployAsync(notes with { Greeting = "second" }, "v2");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
        Assert.Equal(0, await Gantry.StopAsync());
        Assert.Null(ServerPid()); // Gantry stops the servers it runs, after its apps
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"));
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));

        // kill -9 of Gantry: the server keeps running and is adopted, not started again.
        var before = ServerPid();
        Assert.NotNull(before);
        await Gantry.KillAsync();
        Assert.Equal(before, ServerPid());
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"));
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
        Assert.Equal(before, ServerPid());
        var services = await ServicesAsync();
        Assert.Equal(before, services.GetProperty("pid").GetInt32());
        Assert.Equal(0, services.GetProperty("restarts").GetInt32());

        // kill -9 of the server: restarted, rows kept.
        Signals.Send(before!.Value, Signals.SIGKILL);
        await Eventually.UntilAsync(async () => (await ServicesAsync()) is var s && s.GetProperty("restarts").GetInt32() >= 1 && s.GetProperty("state").GetString() == "running",
            TimeSpan.FromSeconds(60), "the killed server to be restarted");
        Assert.Equal("alpha\nbeta", await Eventually.UntilAsync(() => ReadAsync(notes), r => r == "alpha\nbeta", TimeSpan.FromSeconds(30), "the rows after the server's restart"));
        Assert.NotEqual(before, ServerPid());

        // The password: in no API answer, CLI output (but the reveal), event, log or store file.
        await AssertNowhereAsync(mine["password"], theirs["password"]);
    }

    [Fact]
    public async Task AResourceSharedById_ByTwoWorkloads_IsOneDatabase()
    {
        RequirePostgres();
        var folder = Temp.Combine("shared");
        new PostgresNotesApp("shop", Resource: "db", Id: "orders", Workload: "web").WriteTo(folder);
        File.Move(Path.Combine(folder, "score.yaml"), Path.Combine(folder, "web.yaml"));
        new PostgresNotesApp("shop-worker", Resource: "store", Id: "orders", Workload: "worker").WriteTo(Temp.Combine("worker"));
        File.Copy(Path.Combine(Temp.Combine("worker"), "score.yaml"), Path.Combine(folder, "worker.yaml"));
        File.WriteAllText(Path.Combine(folder, "gantry.yaml"), "name: shop\nworkloads:\n  - score: web.yaml\n  - score: worker.yaml\n");
        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, "gantry.yaml"), "--wait");
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");

        await WriteAsync(new PostgresNotesApp("shop"), "from-web");
        await WriteAsync(new PostgresNotesApp("shop-worker"), "from-worker");

        Assert.Equal("from-web\nfrom-worker", await ReadAsync(new PostgresNotesApp("shop")));
        Assert.Equal("from-web\nfrom-worker", await ReadAsync(new PostgresNotesApp("shop-worker")));
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
        var notes = new PostgresNotesApp("keeper");
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
    private async Task<string> ReadEmptyAsync(PostgresNotesApp app)
    {
        using var first = await Gantry.GetAsync(app.Host, "/read");
        Assert.Contains("relation \"notes\" does not exist", await first.Content.ReadAsStringAsync());
        await WriteAsync(app, "x");
        return (await ReadAsync(app)).Replace("x", "", StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string>> RevealAsync(string app)
    {
        var shown = await Gantry.RunAsync("resources", "show", app, "db", "--reveal", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        using var json = JsonDocument.Parse(shown.Stdout);
        return json.RootElement.GetProperty("outputs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    private async Task<JsonElement> ServicesAsync()
    {
        var services = await Gantry.RunAsync("services", "list", "--json");
        Assert.True(services.ExitCode == 0, services.ToString());
        return JsonDocument.Parse(services.Stdout).RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "postgres-default").Clone();
    }

    /// <summary>The pid in the server's pid file while that process lives; null when none runs.</summary>
    private int? ServerPid()
    {
        var file = Path.Combine(Gantry.DataDirectory, "services", "postgres-default", "run", "server.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Split(' ')[0], out var pid) && ProcessTree.IsAlive(pid) ? pid : null;
    }

    private static async Task<(int ExitCode, string Stderr)> PsqlAsync(Dictionary<string, string> credentials, string database, string sql)
    {
        var start = new ProcessStartInfo("psql", ["-X", "-At", "-h", credentials["host"], "-p", credentials["port"], "-U", credentials["username"], "-d", database, "-c", sql])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = credentials["password"];
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stderr);
    }

    private async Task AssertNowhereAsync(params string[] secrets)
    {
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Gantry.AdminPort}") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(Gantry.DataDirectory, "admin-token"))).Trim());
        var seen = new StringBuilder();
        foreach (var path in new[] { "api/v1/apps/notes", "api/v1/apps/notes/releases", "api/v1/apps/notes/releases/1", "api/v1/apps/notes/releases/2", "api/v1/apps/notes/resources", "api/v1/apps/notes/resources/db", "api/v1/events", "api/v1/services" })
        {
            seen.AppendLine(await api.GetStringAsync(path));
        }

        foreach (var args in new[] { ["status", "notes", "--json"], ["releases", "notes", "2", "--json"], ["resources", "list", "notes", "--json"], ["resources", "show", "notes", "db"], new[] { "logs", "notes" } })
        {
            var result = await Gantry.RunAsync(args);
            seen.AppendLine(result.Stdout).AppendLine(result.Stderr);
        }

        var text = seen.ToString();
        Assert.Contains("(secret, fingerprint ", text);
        foreach (var file in Directory.EnumerateFiles(Gantry.DataDirectory, "*", SearchOption.AllDirectories))
        {
            text += $"\n--- {file}\n" + Encoding.UTF8.GetString(await ReadSharedAsync(file));
        }

        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                Assert.Fail($"a password shows: {Excerpt(text, secret)}");
            }
        }
    }

    private static string Excerpt(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        var file = text[..at].LastIndexOf("\n--- ", StringComparison.Ordinal);
        var end = file < 0 ? -1 : text.IndexOf('\n', file + 1);
        var where = file < 0 ? "(an API answer or CLI output)" : end < 0 ? text[(file + 5)..] : text[(file + 5)..end];
        return $"{where} (secret of {secret.Length} characters at {at}): …{text[Math.Max(0, at - 300)..at]}";
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
