using System.Globalization;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// An <c>amqp</c> resource on the process runtime, end to end with a real <c>gantry up</c> and the machine's RabbitMQ:
/// a vhost and a user per app (another app's credentials refused on it, guest refused everywhere), durable queues and
/// persistent messages kept through a new release, a restart of Gantry and a <c>kill -9</c> of the server, with no
/// epmd or Erlang VM of the server left behind; the password shown nowhere unless revealed; a purged resource's user
/// and vhost gone; a backup of its definitions restored and verified. The client is Debian's python3-pika, in the app
/// (<see cref="NotesStore.Amqp"/>) and here.
/// </summary>
public sealed class AmqpResourceTests() : ResourceTest("gantry-amqp")
{
    private const string Service = "amqp-default";

    [Fact]
    public async Task AnAmqpResource_IsAVhostAndUserPerApp_AndKeepsDurableMessagesThroughReleasesRestartsAndKills()
    {
        RequireRabbitmq();
        var notes = new NotesApp(NotesStore.Amqp, "notes");
        var other = new NotesApp(NotesStore.Amqp, "other");

        // Each app has its own vhost and user: one app's credentials are refused on the other's vhost.
        var (mine, theirs) = await TwoAppsWithNotesAsync(notes, other);
        Assert.StartsWith("r_", mine["vhost"], StringComparison.Ordinal);
        Assert.NotEqual(mine["vhost"], theirs["vhost"]);
        Assert.Equal("connected", await ConnectAsync(mine, mine["vhost"]));
        Assert.Contains($"NOT_ALLOWED - access to vhost '{theirs["vhost"]}' refused for user '{mine["username"]}'", await ConnectAsync(mine, theirs["vhost"]));
        Assert.Contains("NOT_ALLOWED - access to vhost '/' refused", await ConnectAsync(mine, "/"));
        Assert.Contains("ACCESS_REFUSED - Login was refused", await ConnectAsync(new(mine) { ["username"] = "guest", ["password"] = "guest" }, "/"));
        Assert.Contains("ACCESS_REFUSED - Login was refused", await ConnectAsync(new(theirs) { ["password"] = mine["password"] }, theirs["vhost"]));

        // A new release and a restart of Gantry: stopping the server left neither its Erlang VM nor its epmd running.
        var port = int.Parse(mine["port"], CultureInfo.InvariantCulture);
        await NewReleaseAndRestartAsync(notes, Service, () => Assert.Empty(ServerProcesses(port)));

        // kill -9 of the server: Gantry kills what is left of it (epmd) and starts it again, its durable queue and
        // persistent messages recovered from disk.
        await WriteAsync(notes, "gamma");
        var before = ServerProcesses(port);
        Assert.Equal(["beam", "epmd"], before.Select(p => p.What).Order());
        await KillServerAndReadAgainAsync(Service, notes, "alpha\nbeta\ngamma");
        Assert.Equal("gamma", await ReadAsync(other));
        var after = ServerProcesses(port);
        Assert.Equal(["beam", "epmd"], after.Select(p => p.What).Order());
        Assert.Empty(after.Select(p => p.Pid).Intersect(before.Select(p => p.Pid)));

        await AssertNowhereAsync("notes", mine["password"], theirs["password"]);
    }

    [Fact]
    public async Task PurgingAnApp_RemovesItsAmqpUserAndVhost_AndNoOneElses()
    {
        RequireRabbitmq();
        var notes = new NotesApp(NotesStore.Amqp, "keeper");
        var other = new NotesApp(NotesStore.Amqp, "other");
        var (credentials, _) = await TwoAppsWithNotesAsync(notes, other);

        var purge = await Gantry.RunAsync("apps", "delete", "keeper", "--purge", "--yes");
        Assert.True(purge.ExitCode == 0, purge.ToString());

        Assert.Contains("ACCESS_REFUSED - Login was refused", await ConnectAsync(credentials, credentials["vhost"]));
        await DeployAsync(notes, "fresh");
        Assert.Equal("", await ReadAsync(notes)); // the same vhost again, with no queue or message left in it
        Assert.Equal("gamma", await ReadAsync(other));
    }

    [Fact]
    public async Task AnAmqpBackup_RestoresTheVhostsQueuesExchangesAndBindings_LeavingLaterOnesAlone_AndVerifies()
    {
        RequireRabbitmq();
        var notes = new NotesApp(NotesStore.Amqp, "kept");
        await DeployAsync(notes, "kept");
        await WriteAsync(notes, "alpha");
        var credentials = await RevealAsync("kept");
        Assert.Equal("", await AmqpAsync(credentials, "declare"));
        Assert.Equal("routed", await AmqpAsync(credentials, "route"));

        var created = await Gantry.RunAsync("backup", "create", "kept", "db");
        Assert.True(created.ExitCode == 0, $"{created}\n--- server\n{Gantry.Output}");
        Assert.Equal("", await AmqpAsync(credentials, "replace"));
        Assert.Equal("later\nnotes", await AmqpAsync(credentials, "queues"));

        var restored = await Gantry.RunAsync("backup", "restore", "kept", "db", "--yes");
        Assert.True(restored.ExitCode == 0, $"{restored}\n--- server\n{Gantry.Output}");
        Assert.Equal("audit\nlater\nnotes", await AmqpAsync(credentials, "queues")); // "later" came after the backup: left alone
        Assert.Equal("routed", await AmqpAsync(credentials, "route")); // the exchange and binding again, the queue with its arguments
        Assert.Equal("alpha", await ReadAsync(notes)); // a queue that was there keeps its messages

        var verified = await Gantry.RunAsync("backup", "verify", "kept", "db");
        Assert.True(verified.ExitCode == 0, $"{verified}\n--- server\n{Gantry.Output}");
        Assert.Contains("verified", verified.Stdout);
    }

    private static void RequireRabbitmq()
    {
        Require(File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"), "RabbitMQ", "rabbitmq-server");
        Require(Directory.Exists("/usr/lib/python3/dist-packages/pika"), "pika (the AMQP client of the test app)", "python3-pika");
    }

    /// <summary>An AMQP connection to <paramref name="vhost"/> with <paramref name="credentials"/>: "connected", or the server's refusal.</summary>
    private static async Task<string> ConnectAsync(Dictionary<string, string> credentials, string vhost)
    {
        var (_, stdout, stderr) = await ToolAsync("/usr/bin/python3", ["-c", NotesStore.AmqpConnect, credentials["host"], credentials["port"], vhost, credentials["username"]],
            new Dictionary<string, string> { ["AMQP_PASSWORD"] = credentials["password"] });
        return (stdout + stderr).Trim();
    }

    /// <summary>
    /// As the resource's user, in its vhost: "declare" an exchange "events", a queue "audit" with a length limit and a
    /// binding between them; "replace" them by a queue "later"; "route" a message through them (confirmed and
    /// mandatory: "routed" only when the binding delivers it to "audit" declared with its arguments); list the
    /// "queues" that exist among audit, later and notes.
    /// </summary>
    private static async Task<string> AmqpAsync(Dictionary<string, string> credentials, string action)
    {
        const string script = """
            import os, sys, pika
            host, port, vhost, user, action = sys.argv[1:]
            connection = pika.BlockingConnection(pika.ConnectionParameters(host, int(port), vhost, pika.PlainCredentials(user, os.environ['AMQP_PASSWORD']),
                                                                           connection_attempts=1, socket_timeout=5))
            channel = connection.channel()
            if action == 'declare':
                channel.exchange_declare('events', 'topic', durable=True)
                channel.queue_declare('audit', durable=True, arguments={'x-max-length': 100})
                channel.queue_bind('audit', 'events', 'order.*')
            elif action == 'replace':
                channel.queue_delete('audit')
                channel.exchange_delete('events')
                channel.queue_declare('later', durable=True)
            elif action == 'route':
                try:
                    channel.queue_declare('audit', durable=True, arguments={'x-max-length': 100})
                    channel.confirm_delivery()
                    channel.basic_publish('events', 'order.created', b'x', mandatory=True)
                    print('routed')
                except Exception as e:
                    print(type(e).__name__, e)
            else:
                for queue in ['audit', 'later', 'notes']:
                    try:
                        channel.queue_declare(queue, passive=True)
                        print(queue)
                    except pika.exceptions.ChannelClosedByBroker:
                        channel = connection.channel()
            connection.close()
            """;
        var (_, stdout, stderr) = await ToolAsync("/usr/bin/python3", ["-c", script, credentials["host"], credentials["port"], credentials["vhost"], credentials["username"], action],
            new Dictionary<string, string> { ["AMQP_PASSWORD"] = credentials["password"] });
        return (stdout + stderr).Trim();
    }

    /// <summary>
    /// The service's RabbitMQ server (an Erlang VM booting rabbit with its data folder as home) and its epmd (on the
    /// AMQP port + 21000), while they live; zombies, which hold nothing, are not counted.
    /// </summary>
    private List<(int Pid, string What)> ServerProcesses(int amqpPort)
    {
        var home = $"-home\0{Path.Combine(Gantry.DataDirectory, "services", Service, "data")}\0";
        var epmd = $"epmd\0-address\0127.0.0.1\0-port\0{amqpPort + 21000}\0";
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                var what = commandLine.Contains(home, StringComparison.Ordinal) && commandLine.Contains("\0-s\0rabbit\0boot\0", StringComparison.Ordinal) ? "beam"
                    : commandLine.StartsWith(epmd, StringComparison.Ordinal) ? "epmd"
                    : null;
                if (what is not null && ProcessTree.IsAlive(pid))
                {
                    found.Add((pid, what));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
