using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;
using Gantry.Testing;

namespace Gantry.Provisioners.Tests.Services;

/// <summary>The process host with a real PostgreSQL: init as the postgres user, start detached, adopt, restart, stop.</summary>
public sealed class ProcessServiceHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task APostgresServer_IsInitializedAsItsUser_StartsInASessionOfItsOwn_TakesRows_AndStops()
    {
        await using var pg = new PostgresService();
        var postgres = TestUsers.Postgres();
        var host = pg.NewHost();

        // Two callers at once start one server.
        var statuses = await Task.WhenAll(host.EnsureRunningAsync(), host.EnsureRunningAsync());

        var pid = statuses[0].Pid!.Value;
        Assert.All(statuses, s => Assert.Equal((ServiceState.Running, true, pid, 0, false), (s.State, s.Ready, s.Pid!.Value, s.Restarts, s.Adopted)));
        Assert.Equal([pid], ProcFacts.Leaders(pg.Plan.DataDirectory));
        Assert.Equal((int)postgres.Uid, ProcFacts.Uid(pid));
        Assert.Equal(pid, ProcFacts.Session(pid)); // detached: a kill of Gantry's group or session does not reach it
        Assert.Equal($"{pid} {ProcFacts.StartTime(pid)}", (await File.ReadAllTextAsync(pg.Plan.PidFile)).Trim());
        foreach (var folder in new[] { pg.Plan.Home, pg.Plan.DataDirectory, pg.Plan.RunDirectory })
        {
            Assert.Equal("postgres 700", await OwnerAndModeAsync(pg, folder));
        }

        await pg.SqlAsync("CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, 50) g;");
        Assert.Equal("50", await pg.SqlAsync("SELECT count(*) FROM notes"));
        Assert.Contains("database system is ready to accept connections", await File.ReadAllTextAsync(pg.Plan.LogFile));

        await host.StopAsync(TimeSpan.FromSeconds(20));

        Assert.False(ProcFacts.IsAlive(pid));
        Assert.False(File.Exists(pg.Plan.PidFile));
        Assert.Equal((ServiceState.Stopped, null, false), (host.Status.State, host.Status.Pid, host.Status.Ready));
        Assert.Empty(ProcFacts.Leaders(pg.Plan.DataDirectory));
    }

    [Fact]
    public async Task AServerLeftRunning_IsAdoptedByTheNextHost_NotRestarted_AndRestartedWhenItIsKilled()
    {
        await using var pg = new PostgresService();
        var first = pg.NewHost();
        var pid = (await first.EnsureRunningAsync()).Pid!.Value;
        var startTime = ProcFacts.StartTime(pid);
        await pg.SqlAsync("CREATE TABLE kept (n int); INSERT INTO kept SELECT generate_series(1, 7);");

        // Gantry goes away (the process host stops watching) and a new one starts with the same data folder.
        await first.DetachAsync();
        var second = pg.NewHost();
        var adopted = await second.EnsureRunningAsync();

        Assert.Equal((pid, true, 0, ServiceState.Running, true), (adopted.Pid!.Value, adopted.Adopted, adopted.Restarts, adopted.State, adopted.Ready));
        Assert.Equal(startTime, ProcFacts.StartTime(pid));
        Assert.Equal([pid], ProcFacts.Leaders(pg.Plan.DataDirectory));
        Assert.Equal(ServiceState.Detached, first.Status.State);

        // An adopted server is not Gantry's child: its end is seen through /proc, and it is started again.
        Signals.Send(pid, Signals.SIGKILL);
        var restarted = await Eventually.UntilAsync(() => Task.FromResult(second.Status), s => s is { Ready: true, Restarts: 1 }, Patience, "the adopted server to be restarted");

        Assert.NotEqual(pid, restarted.Pid);
        Assert.False(restarted.Adopted);
        Assert.Equal("disappeared (it was adopted, so its exit status is unknown)", restarted.LastExit!.Description);
        Assert.Equal("7", await pg.SqlAsync("SELECT count(*) FROM kept"));
    }

    [Fact]
    public async Task AServerKilledWithSigkill_IsRestartedWithItsRows_AndItsExitIsKept()
    {
        await using var pg = new PostgresService();
        var host = pg.NewHost();
        var pid = (await host.EnsureRunningAsync()).Pid!.Value;
        await pg.SqlAsync("CREATE TABLE orders (id serial, total numeric); INSERT INTO orders (total) SELECT g * 1.5 FROM generate_series(1, 25) g;");

        Signals.Send(pid, Signals.SIGKILL);
        var restarted = await Eventually.UntilAsync(() => Task.FromResult(host.Status), s => s is { Ready: true, Restarts: 1 }, Patience, "the killed server to be restarted");

        Assert.NotEqual(pid, restarted.Pid);
        Assert.Equal(ServiceState.Running, restarted.State);
        Assert.Equal("SIGKILL", restarted.LastExit!.Signal);
        Assert.Equal("25", await pg.SqlAsync("SELECT count(*) FROM orders"));
        Assert.Equal([restarted.Pid!.Value], ProcFacts.Leaders(pg.Plan.DataDirectory));
        Assert.StartsWith($"{restarted.Pid} ", await File.ReadAllTextAsync(pg.Plan.PidFile));
    }

    [Fact]
    public async Task APidFileNamingAReusedPid_IsNotAdopted_AndThatProcessIsLeftAlone()
    {
        await using var pg = new PostgresService();
        var bystander = StartSleeper("postgres");
        try
        {
            // Its PID, but another start time: the server that had the PID is gone and the PID went to someone else.
            Directory.CreateDirectory(pg.Plan.RunDirectory);
            await File.WriteAllTextAsync(pg.Plan.PidFile, $"{bystander.Id} {ProcFacts.StartTime(bystander.Id) - 1}\n");

            var status = await pg.NewHost().EnsureRunningAsync();

            Assert.NotEqual(bystander.Id, status.Pid);
            Assert.False(status.Adopted);
            Assert.True(ProcFacts.IsAlive(bystander.Id));
            Assert.StartsWith($"{status.Pid} ", await File.ReadAllTextAsync(pg.Plan.PidFile));
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public async Task APidFileNamingAProcessOfAnotherUser_IsNotAdopted_EvenWithItsStartTime()
    {
        await using var pg = new PostgresService();
        var rootProcess = StartSleeper(user: null);
        try
        {
            // The run folder is the postgres user's: what it writes there must not make Gantry adopt (and later kill) root's processes.
            Directory.CreateDirectory(pg.Plan.RunDirectory);
            await File.WriteAllTextAsync(pg.Plan.PidFile, $"{rootProcess.Id} {ProcFacts.StartTime(rootProcess.Id)}\n");

            var host = pg.NewHost();
            var status = await host.EnsureRunningAsync();
            await host.StopAsync(TimeSpan.FromSeconds(20));

            Assert.NotEqual(rootProcess.Id, status.Pid);
            Assert.True(ProcFacts.IsAlive(rootProcess.Id));
        }
        finally
        {
            rootProcess.Kill();
        }
    }

    [Fact]
    public async Task AFailedInit_IsReportedWithTheStep_AndRedoneFromAnEmptyFolderOnTheNextStart()
    {
        await using var pg = new PostgresService();
        var good = pg.Plan;
        var failing = good with { Init = [good.Init[0], CommandPlan.Of("sh", "-c", "echo 'could not finish the setup' >&2; exit 7") with { User = "postgres" }] };

        var error = await Assert.ThrowsAsync<ServiceStartException>(() => pg.NewHost(failing).EnsureRunningAsync());

        Assert.Equal(
            "postgres-default: initializing its data failed at step 2 of 2: sh exited with code 7:\ncould not finish the setup\n(the next start redoes the init from an empty data folder)",
            error.Message);
        Assert.True(File.Exists(Path.Combine(good.DataDirectory, "PG_VERSION"))); // initdb had run
        Assert.False(File.Exists(good.DataDirectory + ".initialized"));

        // initdb refuses a folder that is not empty: this start succeeds only because the half-done init was cleared.
        var status = await pg.NewHost().EnsureRunningAsync();

        Assert.True(status.Ready);
        Assert.Equal("1", await pg.SqlAsync("SELECT 1"));
        Assert.True(File.Exists(good.DataDirectory + ".initialized"));
    }

    [Fact]
    public async Task ADataFolderGantryDidNotInitialize_IsLeftAlone_WithAClearError()
    {
        await using var pg = new PostgresService();
        Directory.CreateDirectory(pg.Plan.DataDirectory);
        await File.WriteAllTextAsync(Path.Combine(pg.Plan.DataDirectory, "precious.txt"), "someone's data");

        var error = await Assert.ThrowsAsync<ServiceStartException>(() => pg.NewHost().EnsureRunningAsync());

        Assert.StartsWith($"postgres-default: its data folder {pg.Plan.DataDirectory} is not empty, but Gantry never initialized it", error.Message);
        Assert.Equal("someone's data", await File.ReadAllTextAsync(Path.Combine(pg.Plan.DataDirectory, "precious.txt")));
    }

    [Fact]
    public async Task AMissingServerBinary_IsAClearErrorNamingThePackage()
    {
        await using var pg = new PostgresService();
        var plan = pg.Plan with { Run = ["postgres-not-installed", "-D", pg.Plan.DataDirectory], Init = [], PathFolders = ["/usr/lib/postgresql/99/bin"] };

        var error = await Assert.ThrowsAsync<ServiceStartException>(() => pg.NewHost(plan).EnsureRunningAsync());

        Assert.StartsWith("postgres-default: postgres-not-installed: not found on PATH (/usr/lib/postgresql/99/bin:", error.Message);
        Assert.EndsWith("); install postgresql", error.Message);
    }

    [Fact]
    public async Task AServerThatExitsAtStart_IsReportedWithItsLogTail_AndLeavesNothingBehind()
    {
        await using var pg = new PostgresService();
        var plan = pg.Plan with { Run = [.. pg.Plan.Run, "-c", "no_such_setting=1"] };
        var host = pg.NewHost(plan);

        var error = await Assert.ThrowsAsync<ServiceStartException>(() => host.EnsureRunningAsync());

        Assert.StartsWith("postgres-default exited with code 1 while starting\nlast lines of " + plan.LogFile + ":\n", error.Message);
        Assert.Contains("unrecognized configuration parameter \"no_such_setting\"", error.Message);
        Assert.Equal(ServiceState.Failed, host.Status.State);
        Assert.False(File.Exists(plan.PidFile));
    }

    private static System.Diagnostics.Process StartSleeper(string? user)
    {
        var info = user is null ? new System.Diagnostics.ProcessStartInfo("sleep", "300") : new System.Diagnostics.ProcessStartInfo("setpriv", $"--reuid={user} --regid={user} --init-groups -- sleep 300");
        return System.Diagnostics.Process.Start(info)!;
    }

    private static async Task<string> OwnerAndModeAsync(PostgresService pg, string path) =>
        (await pg.Steps.RunAsync(CommandPlan.Of("stat", "-c", "%U %a", path))).Stdout.Trim();
}
