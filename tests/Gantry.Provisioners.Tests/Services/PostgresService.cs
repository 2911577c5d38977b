using System.Collections.Immutable;
using System.Globalization;
using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;
using Gantry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Provisioners.Tests.Services;

/// <summary>
/// A real PostgreSQL server for a test, laid out as Gantry lays it out (<c>DATA/services/NAME</c>, the log in
/// <c>DATA/logs/services</c>), on a reserved port, with the plans the built-in definition renders to. Disposing stops
/// whatever server its pid file names and deletes the folder.
/// </summary>
internal sealed class PostgresService : IAsyncDisposable
{
    public const string AdminPassword = "admin-pw-Zq81rT";

    private readonly ReservedPort _port = ReservedPort.Take();
    private readonly List<ProcessServiceHost> _hosts = [];

    public PostgresService(string? dataRoot = null)
    {
        Data = dataRoot is null ? new TempDirectory("gantry-pg") : null;
        Root = dataRoot ?? Data!.Path;
        Bin = FindBinaries();
        TestUsers.Postgres();
    }

    public TempDirectory? Data { get; }

    /// <summary>The data folder Gantry would have (DATA).</summary>
    public string Root { get; }

    public string Bin { get; }

    public int Port => _port.Number;

    public StepRunner Steps { get; } = new(NullLogger<StepRunner>.Instance);

    public string Home => Path.Combine(Root, "services", "postgres-default");

    public ServicePlan Plan
    {
        get
        {
            var data = Path.Combine(Home, "data");
            var run = Path.Combine(Home, "run");
            var port = Port.ToString(CultureInfo.InvariantCulture);
            ImmutableArray<string> bin = [Bin];
            var initdb = new CommandPlan(
                ["initdb", "-D", data, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=/dev/stdin", "-E", "UTF8", "--locale=C.UTF-8"],
                ImmutableDictionary<string, string>.Empty, AdminPassword, "postgres", TimeSpan.FromMinutes(2), bin) { Package = "postgresql" };
            var ready = new CommandPlan(
                ["pg_isready", "-q", "-h", "127.0.0.1", "-p", port], ImmutableDictionary<string, string>.Empty, null, "postgres", TimeSpan.FromSeconds(5), bin) { Package = "postgresql" };
            return new ServicePlan(
                "postgres-default",
                Home,
                data,
                run,
                Path.Combine(Root, "logs", "services", "postgres-default.log"),
                ["postgres", "-D", data, "-c", "listen_addresses=127.0.0.1", "-p", port, "-k", run],
                ImmutableDictionary<string, string>.Empty,
                "postgres",
                bin,
                Port,
                [initdb],
                ready) { Package = "postgresql", StopSignal = 2, Secrets = [AdminPassword] };
        }
    }

    /// <summary>The newest /usr/lib/postgresql/*/bin, as the built-in definition's <c>binaries</c> glob finds it.</summary>
    public static string FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "postgres")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0)
                .FirstOrDefault() ?? throw Missing()
            : throw Missing();

    public ProcessServiceHost NewHost(ServicePlan? plan = null)
    {
        var host = new ProcessServiceHost(plan ?? Plan, Steps, NullLogger<ProcessServiceHost>.Instance);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Runs SQL as the admin over TCP and returns what psql printed (unaligned, tuples only).</summary>
    public async Task<string> SqlAsync(string sql)
    {
        var result = await Steps.RunAsync(new CommandPlan(
            ["psql", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            ImmutableDictionary<string, string>.Empty.Add("PGPASSWORD", AdminPassword),
            null,
            null,
            TimeSpan.FromSeconds(30),
            [Bin]));
        return result.Stdout.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DetachAsync();
        }

        // A fresh host stops whatever server the pid file names, as an operator's `stop` would.
        await new ProcessServiceHost(Plan, Steps, NullLogger<ProcessServiceHost>.Instance).StopAsync(TimeSpan.FromSeconds(10));
        _port.Dispose();
        Data?.Dispose();
    }

    private static InvalidOperationException Missing() =>
        new("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): run ./test.sh, which installs it (apt-get install postgresql)");
}
