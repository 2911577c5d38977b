using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// The four built-in resource types on the container runtime, end to end with the real CLI and a real
/// <c>gantry up --runtime container</c> on Podman: <see cref="NotesApp"/>s built from a Containerfile (on
/// <see cref="NotesImage"/>) write and read through postgres, mysql, redis and amqp resources knowing only their
/// injected outputs, each server a container (a stand-in for its official image, made from this machine's binaries, as
/// no registry is reachable) reached by its name on the installation's network. One app's credentials, used from its
/// own container, cannot read the other app's data. Postgres and Redis backups stream out of and back into the
/// server's container through exec.
/// </summary>
public sealed class ContainerResourceTests() : ContainerGantryTest("gantry-cres")
{
    public static TheoryData<string> Types => ["postgres", "mysql", "redis", "amqp"];

    [Theory]
    [MemberData(nameof(Types))]
    public async Task TwoAppsOnContainers_WriteAndReadThroughTheirOwnResource_AndOneAppsCredentialsCannotReadTheOthersData(string type)
    {
        var store = type switch
        {
            "postgres" => NotesStore.Postgres,
            "mysql" => NotesStore.Mysql,
            "redis" => NotesStore.Redis,
            _ => NotesStore.Amqp,
        };
        var notes = new NotesApp(store, "notes", Container: true);
        var other = new NotesApp(store, "other", Container: true);
        await Task.WhenAll(NotesImage.EnsureAsync(), ServiceImages.EnsureAsync(type));

        await DeployAsync(notes, "notes");
        await DeployAsync(other, "other");
        await WriteAsync(notes, "alpha");
        await WriteAsync(notes, "beta");
        await WriteAsync(other, "gamma");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
        Assert.Equal("gamma", await ReadAsync(other));

        // The apps know the server by its name on the installation's network, at the image's own port, as users of their own.
        var (mine, theirs) = (await Gantry.RevealOutputsAsync("notes", "db"), await Gantry.RevealOutputsAsync("other", "db"));
        Assert.Equal($"{type}-default", mine["host"]);
        Assert.Equal(mine["host"], theirs["host"]);
        Assert.NotEqual(mine["username"], theirs["username"]);

        // From the first app's container, with its credentials: its own data is there, the other's is refused.
        var container = await RunningContainerAsync("notes");
        switch (type)
        {
            case "postgres":
                Assert.Equal((0, "2"), await PsqlAsync(container, mine, mine["name"], "SELECT count(*) FROM notes"));
                var denied = await PsqlAsync(container, mine, theirs["name"], "SELECT count(*) FROM notes");
                Assert.NotEqual(0, denied.ExitCode);
                Assert.Contains("permission denied for database", denied.Output);
                break;
            case "mysql":
                Assert.Equal((0, "alpha\nbeta"), await MariadbAsync(container, mine, mine["name"], "SELECT v FROM notes ORDER BY v"));
                Assert.Contains($"Access denied for user '{mine["username"]}'@'%' to database '{theirs["name"]}'",
                    (await MariadbAsync(container, mine, theirs["name"], "SELECT * FROM notes")).Output);
                Assert.Contains("SELECT command denied", (await MariadbAsync(container, mine, mine["name"], $"SELECT * FROM `{theirs["name"]}`.notes")).Output);
                break;
            case "redis":
                Assert.Equal((0, "alpha\nbeta"), await RedisAsync(container, mine, "ZRANGE", mine["prefix"] + "notes", "0", "-1"));
                Assert.Contains("NOPERM this user has no permissions to access one of the keys", (await RedisAsync(container, mine, "ZRANGE", theirs["prefix"] + "notes", "0", "-1")).Output);
                Assert.Contains("NOPERM this user has no permissions to run the 'keys' command", (await RedisAsync(container, mine, "KEYS", "*")).Output);
                break;
            default:
                Assert.Equal("connected", await AmqpAsync(container, mine, mine["vhost"]));
                Assert.Contains($"NOT_ALLOWED - access to vhost '{theirs["vhost"]}' refused for user '{mine["username"]}'", await AmqpAsync(container, mine, theirs["vhost"]));
                Assert.Contains("ACCESS_REFUSED - Login was refused", await AmqpAsync(container, new(theirs) { ["password"] = mine["password"] }, theirs["vhost"]));
                break;
        }

        // Neither read changed what the other app reads.
        Assert.Equal("gamma", await ReadAsync(other));
    }

    /// <summary>The backup's extension, how its file begins, and the one table (or Redis database) it counts.</summary>
    public static TheoryData<string, string, string, string> Backups => new()
    {
        { "postgres", "dump", "PGDMP", "public.notes" },
        { "redis", "keys", "gantry-redis-backup 1", "db0" },
    };

    [Theory]
    [MemberData(nameof(Backups))]
    public async Task ABackupOnContainers_StreamsThroughExec_AndRestoresExactlyItsRows(string type, string extension, string header, string counted)
    {
        await Task.WhenAll(NotesImage.EnsureAsync(), ServiceImages.EnsureAsync(type));
        var notes = new NotesApp(type == "redis" ? NotesStore.Redis : NotesStore.Postgres, "notes", Container: true);
        await DeployAsync(notes, "notes");
        await WriteAsync(notes, "alpha");
        await WriteAsync(notes, "beta");

        var created = await Gantry.RunAsync("backup", "create", "notes", "db", "--json");
        Assert.True(created.ExitCode == 0, $"{created}\n--- server\n{Gantry.Output}");
        var backup = Assert.Single(JsonDocument.Parse(created.Stdout).RootElement.EnumerateArray());
        Assert.Equal("succeeded", backup.GetProperty("state").GetString());
        // The backup's own format, as it left the server's container.
        var file = Assert.Single(Directory.GetFiles(Path.Combine(Gantry.DataDirectory, "backups"), $"*.{extension}", SearchOption.AllDirectories));
        Assert.Equal(header, Encoding.ASCII.GetString(File.ReadAllBytes(file).AsSpan(0, header.Length)));
        Assert.Equal(new FileInfo(file).Length, backup.GetProperty("size").GetInt64());

        await WriteAsync(notes, "gamma");
        Assert.Equal("alpha\nbeta\ngamma", await ReadAsync(notes));
        var restored = await Gantry.RunAsync("backup", "restore", "notes", "db", "--yes");
        Assert.True(restored.ExitCode == 0, $"{restored}\n--- server\n{Gantry.Output}");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));

        // Verify: restored into a scratch resource inside the server's container, counted, compared (Redis counts keys).
        var verified = await Gantry.RunAsync("backup", "verify", "notes", "db", "--json");
        Assert.True(verified.ExitCode == 0, $"{verified}\n--- server\n{Gantry.Output}");
        var table = Assert.Single(JsonDocument.Parse(verified.Stdout).RootElement.GetProperty("tables").EnumerateArray());
        var rows = type == "redis" ? 1 : 2;
        Assert.Equal((counted, rows, rows), (table.GetProperty("table").GetString(), table.GetProperty("expected").GetInt64(), table.GetProperty("restored").GetInt64()));
    }

    /// <summary>
    /// An amqp backup on the server's own image (which has rabbitmqctl and nothing like jq): the vhost's definitions
    /// leave the container as JSON, go back in through a restore, and verify counts them in a scratch vhost.
    /// </summary>
    [Fact]
    public async Task AnAmqpBackupOnContainers_TakesTheVhostsDefinitions_WithTheServersOwnTools()
    {
        await Task.WhenAll(NotesImage.EnsureAsync(), ServiceImages.EnsureAsync("amqp"));
        var notes = new NotesApp(NotesStore.Amqp, "queued", Container: true);
        await DeployAsync(notes, "queued");
        await WriteAsync(notes, "alpha");

        var created = await Gantry.RunAsync("backup", "create", "queued", "db");
        Assert.True(created.ExitCode == 0, $"{created}\n--- server\n{Gantry.Output}");
        var file = Assert.Single(Directory.GetFiles(Path.Combine(Gantry.DataDirectory, "backups"), "*.json", SearchOption.AllDirectories));
        var backup = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        Assert.Equal(1, backup.GetProperty("gantry-amqp-backup").GetInt32());
        var queue = Assert.Single(backup.GetProperty("queues").EnumerateArray());
        Assert.Equal("notes", queue.GetProperty("name").GetString());
        Assert.False(queue.TryGetProperty("vhost", out _)); // so it restores into any vhost

        var restored = await Gantry.RunAsync("backup", "restore", "queued", "db", "--yes");
        Assert.True(restored.ExitCode == 0, $"{restored}\n--- server\n{Gantry.Output}");
        Assert.Equal("alpha", await ReadAsync(notes)); // the queue that was there keeps its message

        var verified = await Gantry.RunAsync("backup", "verify", "queued", "db", "--json");
        Assert.True(verified.ExitCode == 0, $"{verified}\n--- server\n{Gantry.Output}");
        var queues = Assert.Single(JsonDocument.Parse(verified.Stdout).RootElement.GetProperty("tables").EnumerateArray(), t => t.GetProperty("table").GetString() == "queues");
        Assert.Equal((1L, 1L), (queues.GetProperty("expected").GetInt64(), queues.GetProperty("restored").GetInt64()));
    }

    private Task DeployAsync(NotesApp app, string folder) => Gantry.DeployNotesAsync(app, Temp.Combine("apps", folder));

    private Task WriteAsync(NotesApp app, string value) => Gantry.WriteNoteAsync(app, value);

    private Task<string> ReadAsync(NotesApp app) => Gantry.ReadNotesAsync(app);

    /// <summary>The id of the app's one running container.</summary>
    private async Task<string> RunningContainerAsync(string app) =>
        Assert.Single(await ContainersAsync(app), c => c.State == "running").ID;

    private Task<(long ExitCode, string Output)> PsqlAsync(string container, Dictionary<string, string> credentials, string database, string sql) =>
        ExecAsync(container, ["psql", "-X", "-At", "-h", credentials["host"], "-p", credentials["port"], "-U", credentials["username"], "-d", database, "-c", sql],
            new() { ["PGPASSWORD"] = credentials["password"], ["PGCONNECT_TIMEOUT"] = "5" });

    private Task<(long ExitCode, string Output)> MariadbAsync(string container, Dictionary<string, string> credentials, string database, string sql) =>
        ExecAsync(container, ["mariadb", "--no-defaults", "-N", "-B", "--connect-timeout=5", "-h", credentials["host"], "-P", credentials["port"], "-u", credentials["username"], database, "-e", sql],
            new() { ["MYSQL_PWD"] = credentials["password"] });

    /// <summary>redis-cli as the resource's user (an error reply exits 1 with -e).</summary>
    private Task<(long ExitCode, string Output)> RedisAsync(string container, Dictionary<string, string> credentials, params string[] command) =>
        ExecAsync(container, ["redis-cli", "-e", "--no-auth-warning", "-h", credentials["host"], "-p", credentials["port"], "--user", credentials["username"], .. command],
            new() { ["REDISCLI_AUTH"] = credentials["password"] });

    private async Task<string> AmqpAsync(string container, Dictionary<string, string> credentials, string vhost) =>
        (await ExecAsync(container, ["/usr/bin/python3", "-c", NotesStore.AmqpConnect, credentials["host"], credentials["port"], vhost, credentials["username"]],
            new() { ["AMQP_PASSWORD"] = credentials["password"] })).Output;

    /// <summary>
    /// Runs a client in a container through the engine's exec (the servers publish no port on this machine): its exit
    /// code and what it printed on either stream, trimmed. Secrets travel in the environment, never on the command line.
    /// </summary>
    private async Task<(long ExitCode, string Output)> ExecAsync(string container, IList<string> command, Dictionary<string, string> environment)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exec = await Engine.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
        {
            Cmd = command,
            Env = [.. environment.Select(e => $"{e.Key}={e.Value}")],
            AttachStdout = true,
            AttachStderr = true,
        }, deadline.Token);
        using var stream = await Engine.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, deadline.Token);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(deadline.Token);
        var inspect = await Engine.Exec.InspectContainerExecAsync(exec.ID, deadline.Token);
        return (inspect.ExitCode, (stdout + stderr).Trim());
    }
}
