using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gantry.Testing;

namespace Gantry.Provisioners.Tests.Images;

/// <summary>
/// The stand-ins for the official server images (Gantry.Testing's ServiceImages, made from Debian's binaries because no
/// registry is reachable) on a real Podman: each starts from the environment its built-in definition gives, with a
/// named volume at its data folder, answers the definition's readiness command and a query as the administrator,
/// through an exec inside the container as Gantry's steps do, and runs its server as its own user.
/// </summary>
public sealed class ServiceImageTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly DockerClient _client = TestImages.Client();
    private readonly string _name = $"gantry-image-test-{Guid.NewGuid():N}"[..32];
    private readonly string _password = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
    private readonly List<string> _containers = [];
    private readonly List<string> _volumes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Postgres_FromPasswordAlone_AnswersPsqlAsPostgresWithThePasswordAndRunsAsPostgres()
    {
        await ServiceImages.EnsureAsync("postgres");
        var id = await StartAsync(ServiceImages.Postgres, "/var/lib/postgresql/data", ["POSTGRES_PASSWORD=" + _password]);

        await ReadyAsync(id, ["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]);

        // The query on stdin, as the provision steps send theirs.
        var select = await ExecAsync(id, ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "postgres", "-f", "-"],
            env: ["PGPASSWORD=" + _password], stdin: "SELECT current_user || ' ' || 6 * 7;\n");
        Assert.Equal((0L, "postgres 42"), (select.ExitCode, select.Output.Trim()));

        // From another address (the container's own, not loopback) the password is asked for and checked.
        var address = await AddressAsync(id);
        var right = await ExecAsync(id, ["psql", "-X", "-At", "-h", address, "-U", "postgres", "-d", "postgres", "-c", "SELECT 1"], env: ["PGPASSWORD=" + _password]);
        Assert.Equal((0L, "1"), (right.ExitCode, right.Output.Trim()));
        var wrong = await ExecAsync(id, ["psql", "-X", "-At", "-h", address, "-U", "postgres", "-d", "postgres", "-c", "SELECT 1"], env: ["PGPASSWORD=wrong"]);
        Assert.NotEqual(0L, wrong.ExitCode);
        Assert.Contains("password authentication failed", wrong.Output, StringComparison.Ordinal);

        await AssertRunsAsAsync(id, "postgres", "postgres");
    }

    [Fact]
    public async Task Redis_WithTheDefinitionsCommand_AnswersTheAdminOnItsAclAndRunsAsRedis()
    {
        await ServiceImages.EnsureAsync("redis");
        var id = await StartAsync(ServiceImages.Redis, "/data", ["ADMIN_PASSWORD=" + _password], RedisDefinitionCommand);
        string[] auth = ["REDISCLI_AUTH=" + _password];

        await ReadyAsync(id, ["bash", "-c", "[ \"$(redis-cli --no-auth-warning --user gantry-admin -h \"$1\" -p \"$2\" PING)\" = PONG ]", "ready", "127.0.0.1", "6379"], auth);

        // The provision step's shape: the password on stdin (-x), then ACL SAVE into users.acl, which redis must own.
        var user = await ExecAsync(id, ["redis-cli", "-e", "--no-auth-warning", "--user", "gantry-admin", "-h", "127.0.0.1", "-p", "6379", "-x",
            "ACL", "SETUSER", "r_app", "on", "resetkeys", "~r_app:*", "+@all", "resetpass"], auth, stdin: ">app-secret");
        Assert.Equal((0L, "OK"), (user.ExitCode, user.Output.Trim()));
        var save = await ExecAsync(id, ["redis-cli", "-e", "--no-auth-warning", "--user", "gantry-admin", "-h", "127.0.0.1", "-p", "6379", "ACL", "SAVE"], auth);
        Assert.Equal((0L, "OK"), (save.ExitCode, save.Output.Trim()));

        // Apps reach it from other containers: it answers on the container's address (every interface, protected mode off).
        var address = await AddressAsync(id);
        var set = await ExecAsync(id, ["redis-cli", "-e", "--no-auth-warning", "--user", "r_app", "-h", address, "-p", "6379", "SET", "r_app:k", "v"], ["REDISCLI_AUTH=app-secret"]);
        Assert.Equal((0L, "OK"), (set.ExitCode, set.Output.Trim()));
        var unauthenticated = await ExecAsync(id, ["redis-cli", "-e", "-h", address, "-p", "6379", "GET", "r_app:k"]);
        Assert.NotEqual(0L, unauthenticated.ExitCode);

        var acl = await ExecAsync(id, ["stat", "-c", "%U", "/data/users.acl"]);
        Assert.Equal("redis", acl.Output.Trim());
        await AssertRunsAsAsync(id, "redis-server", "redis");
    }

    [Fact]
    public async Task MariaDb_FromRootPasswordAlone_AnswersTheClientAsRootWithThePasswordAndRunsAsMysql()
    {
        await ServiceImages.EnsureAsync("mysql");
        var id = await StartAsync(ServiceImages.MariaDb, "/var/lib/mysql", ["MARIADB_ROOT_PASSWORD=" + _password]);
        string[] auth = ["MYSQL_PWD=" + _password];

        await ReadyAsync(id, ["mariadb-admin", "--no-defaults", "-h", "127.0.0.1", "-P", "3306", "-u", "root", "--connect-timeout=2", "ping"], auth);

        var select = await ExecAsync(id, ["mariadb", "--no-defaults", "-N", "-B", "-h", "127.0.0.1", "-P", "3306", "-u", "root"], auth,
            stdin: "SELECT CONCAT(CURRENT_USER(), ' ', 6 * 7);\n");
        Assert.Equal((0L, "root@% 42"), (select.ExitCode, select.Output.Trim()));

        // Apps connect from other containers: the server answers on the container's address, and only with the password.
        var address = await AddressAsync(id);
        var right = await ExecAsync(id, ["mariadb", "--no-defaults", "-N", "-B", "-h", address, "-P", "3306", "-u", "root", "-e", "SELECT 1"], auth);
        Assert.Equal((0L, "1"), (right.ExitCode, right.Output.Trim()));
        var wrong = await ExecAsync(id, ["mariadb", "--no-defaults", "-N", "-B", "-h", address, "-P", "3306", "-u", "root", "-e", "SELECT 1"], ["MYSQL_PWD=wrong"]);
        Assert.NotEqual(0L, wrong.ExitCode);
        Assert.Contains("Access denied", wrong.Output, StringComparison.Ordinal);

        await AssertRunsAsAsync(id, "mariadbd", "mysql");
    }

    [Fact]
    public async Task RabbitMq_WithTheDefinitionsCommand_AnswersRabbitmqctlAsRabbitmqAndListensOnAmqp()
    {
        await ServiceImages.EnsureAsync("amqp");
        var id = await StartAsync(ServiceImages.RabbitMq, "/var/lib/rabbitmq",
            ["ERLANG_COOKIE=" + _password, "RABBITMQ_NODENAME=gantry@localhost", "ERL_EPMD_PORT=26672"], RabbitMqDefinitionCommand);
        string[] ctl = ["HOME=/var/lib/rabbitmq", "RABBITMQ_NODENAME=gantry@localhost", "RABBITMQ_CONF_ENV_FILE=/dev/null", "ERL_FLAGS=-start_epmd false"];

        await ReadyAsync(id, ["bash", "-c", "ERL_EPMD_PORT=$(($1 + 21000)) exec rabbitmqctl -q await_startup --timeout 5", "ready", "5672"], ctl, user: "rabbitmq");

        // The provision step's shape: the password on stdin, rabbitmqctl as rabbitmq with the cookie in HOME.
        var provision = await ExecAsync(id, ["bash", "-c", """
            set -euo pipefail
            export ERL_EPMD_PORT=$(($1 + 21000))
            password=$(cat)
            rabbitmqctl -q add_vhost "$2"
            printf %s "$password" | rabbitmqctl -q add_user "$3"
            rabbitmqctl -q set_permissions -p "$2" "$3" '.*' '.*' '.*'
            rabbitmqctl -s list_users | cut -f 1
            """, "provision", "5672", "r_app", "r_app"], ctl, stdin: "app-secret", user: "rabbitmq");
        Assert.Equal(0L, provision.ExitCode);
        Assert.Contains("r_app", provision.Output.Split('\n'));

        // AMQP on the container's address: the server opens with a method frame (type 1) to a protocol header.
        var address = await AddressAsync(id);
        var amqp = await ExecAsync(id, ["bash", "-c", """
            exec 3<>"/dev/tcp/$1/5672"
            printf 'AMQP\x00\x00\x09\x01' >&3
            IFS= read -r -N 1 type <&3
            printf %d "'$type"
            """, "amqp", address]);
        Assert.Equal((0L, "1"), (amqp.ExitCode, amqp.Output.Trim()));

        await AssertRunsAsAsync(id, "beam.smp", "rabbitmq");
    }

    // The container command of src/Gantry.AppModel/Provisioners/BuiltIn/amqp.yaml.
    private static readonly string[] RabbitMqDefinitionCommand =
    [
        "bash", "-c",
        """
        set -euo pipefail
        [ -f /var/lib/rabbitmq/.erlang.cookie ] || (umask 077 && printf %s "$ERLANG_COOKIE" > /var/lib/rabbitmq/.erlang.cookie && chmod 0400 /var/lib/rabbitmq/.erlang.cookie)
        unset ERLANG_COOKIE
        exec docker-entrypoint.sh rabbitmq-server

        """,
    ];

    // The container command of src/Gantry.AppModel/Provisioners/BuiltIn/redis.yaml.
    private static readonly string[] RedisDefinitionCommand =
    [
        "bash", "-c",
        """
        set -euo pipefail
        [ -f /data/users.acl ] || printf 'user default off\nuser gantry-admin on #%s ~* &* +@all\n' "$(printf %s "$ADMIN_PASSWORD" | sha256sum | cut -d ' ' -f 1)" > /data/users.acl
        unset ADMIN_PASSWORD
        exec docker-entrypoint.sh redis-server --aclfile /data/users.acl --appendonly yes --save ""

        """,
    ];

    private async Task<string> StartAsync(string image, string data, IList<string> env, IList<string>? command = null)
    {
        var volume = $"{_name}-{_volumes.Count}";
        _volumes.Add(volume);
        var created = await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{_name}-{_containers.Count}",
            Image = image,
            Env = env,
            Cmd = command,
            HostConfig = new HostConfig { Mounts = [new Mount { Type = "volume", Source = volume, Target = data }] },
        });
        _containers.Add(created.ID);
        await _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    private Task<(long ExitCode, string Output)> ReadyAsync(string id, IList<string> command, IList<string>? env = null, string? user = null) =>
        Eventually.UntilAsync(
            async () =>
            {
                var state = (await _client.Containers.InspectContainerAsync(id)).State;
                if (!state.Running)
                {
                    throw new InvalidOperationException($"The container exited ({state.ExitCode}): {await LogsAsync(id)}");
                }

                return await ExecAsync(id, command, env, user: user);
            },
            result => result.ExitCode == 0, StartTimeout, $"{string.Join(' ', command)} to succeed in {id[..12]}");

    /// <summary>Runs a command in the container, as Gantry's step runner does: stdin sent and closed, stdout and stderr read to the end.</summary>
    private async Task<(long ExitCode, string Output)> ExecAsync(string id, IList<string> command, IList<string>? env = null, string? stdin = null, string? user = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exec = await _client.Exec.ExecCreateContainerAsync(id, new ContainerExecCreateParameters
        {
            Cmd = command,
            Env = env,
            User = user,
            AttachStdin = stdin is not null,
            AttachStdout = true,
            AttachStderr = true,
        }, timeout.Token);
        using var stream = await _client.Exec.StartAndAttachContainerExecAsync(exec.ID, false, timeout.Token);
        if (stdin is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(stdin);
            await stream.WriteAsync(bytes, 0, bytes.Length, timeout.Token);
            stream.CloseWrite();
        }

        var (stdout, stderr) = await stream.ReadOutputToEndAsync(timeout.Token);
        var inspect = await _client.Exec.InspectContainerExecAsync(exec.ID, timeout.Token);
        return (inspect.ExitCode, stdout + stderr);
    }

    private async Task<string> AddressAsync(string id)
    {
        var networks = (await _client.Containers.InspectContainerAsync(id)).NetworkSettings;
        return networks.Networks.Values.Select(n => n.IPAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a)) ?? networks.IPAddress;
    }

    /// <summary>Every process named <paramref name="process"/> in the container belongs to <paramref name="user"/>, and there is one.</summary>
    private async Task AssertRunsAsAsync(string id, string process, string user)
    {
        var owners = await ExecAsync(id, ["bash", "-c", """for d in /proc/[0-9]*; do [ "$(cat "$d/comm" 2>/dev/null)" = "$1" ] && stat -c %U "$d"; done; true""", "owners", process]);
        var lines = owners.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, owner => Assert.Equal(user, owner));
    }

    private async Task<string> LogsAsync(string id)
    {
        using var logs = await _client.Containers.GetContainerLogsAsync(id, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
        return stdout + stderr;
    }

    public async Task DisposeAsync()
    {
        foreach (var container in _containers)
        {
            try
            {
                await _client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        foreach (var volume in _volumes)
        {
            try
            {
                await _client.Volumes.RemoveAsync(volume, force: true);
            }
            catch (DockerApiException)
            {
            }
        }

        _client.Dispose();
    }
}
