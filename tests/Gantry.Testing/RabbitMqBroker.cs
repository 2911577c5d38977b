using System.Diagnostics;

namespace Gantry.Testing;

/// <summary>
/// A real RabbitMQ on 127.0.0.1 from the machine's own binaries (Debian's rabbitmq-server), with its own epmd and
/// data folder, so a test can stop and start it again with its durable queues and persistent messages kept.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private readonly ReservedPort _amqp = ReservedPort.Take();
    private readonly ReservedPort _distribution = ReservedPort.Take();
    private readonly ReservedPort _epmdPort = ReservedPort.Take();
    private readonly TempDirectory _home = new("gantry-rabbit");
    private WatchedProcess? _epmd;
    private WatchedProcess? _broker;

    private RabbitMqBroker()
    {
    }

    public int Port => _amqp.Number;

    /// <summary>The guest user may log in over loopback, which is all this broker listens on.</summary>
    public Uri Url => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    public string Output => _broker?.Output ?? "";

    public static async Task<RabbitMqBroker> StartAsync()
    {
        if (!File.Exists(Server))
        {
            throw new InvalidOperationException("rabbitmq-server is missing: apt-get install rabbitmq-server (test.sh installs it)");
        }

        var broker = new RabbitMqBroker();
        try
        {
            broker.WriteConfiguration();
            broker._epmd = WatchedProcess.Start(new ProcessStartInfo("epmd", ["-address", "127.0.0.1", "-port", $"{broker._epmdPort.Number}"]));
            await broker.RunAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the broker as a service manager would (SIGTERM, waiting for it), then starts it on the same data.</summary>
    public async Task RestartAsync()
    {
        await _broker!.StopAsync();
        await _broker.DisposeAsync();
        await RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_epmd is not null)
        {
            await _epmd.DisposeAsync();
        }

        _home.Dispose();
        _amqp.Dispose();
        _distribution.Dispose();
        _epmdPort.Dispose();
    }

    private void WriteConfiguration()
    {
        var cookie = _home.Combine(".erlang.cookie");
        File.WriteAllText(cookie, Guid.NewGuid().ToString("N"));
        File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        // A shared CI disk can be nearly full: the default free-space alarm would block every publisher.
        File.WriteAllText(_home.Combine("rabbitmq.conf"), $"listeners.tcp.default = 127.0.0.1:{Port}\ndisk_free_limit.absolute = 1MB\n");
        File.WriteAllText(_home.Combine("advanced.config"), "[{kernel,[{inet_dist_use_interface,{127,0,0,1}}]}].\n");
        File.WriteAllText(_home.Combine("enabled_plugins"), "[].\n");
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo(Server);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = _home.Path,
            ["RABBITMQ_NODENAME"] = "gantry-test@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = $"{Port}",
            ["RABBITMQ_DIST_PORT"] = $"{_distribution.Number}",
            ["RABBITMQ_MNESIA_BASE"] = _home.Combine("mnesia"),
            ["RABBITMQ_CONFIG_FILE"] = _home.Combine("rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = _home.Combine("advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = _home.Combine("enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = "/dev/null",
            ["RABBITMQ_PID_FILE"] = _home.Combine("rabbitmq.pid"),
            ["RABBITMQ_LOG_BASE"] = _home.Path,
            ["RABBITMQ_LOGS"] = "-",
            ["ERL_FLAGS"] = "-start_epmd false",
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["ERL_EPMD_PORT"] = $"{_epmdPort.Number}",
            ["ERL_CRASH_DUMP_SECONDS"] = "0",
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _broker = WatchedProcess.Start(start);
        // The AMQP listener opens last in the boot, once the broker takes connections.
        await Eventually.UntilAsync(async () => _broker.HasExited || await LoopbackPort.AcceptsAsync(Port), TimeSpan.FromSeconds(90), "RabbitMQ to listen");
        if (_broker.HasExited)
        {
            throw new InvalidOperationException("rabbitmq-server exited:\n" + _broker.Output);
        }
    }
}
