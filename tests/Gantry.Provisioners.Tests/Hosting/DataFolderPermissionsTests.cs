using System.Net;
using Gantry.ControlPlane.Hosting;
using Gantry.Provisioners.Steps;
using Gantry.Provisioners.Tests.Services;
using Gantry.Testing;

namespace Gantry.Provisioners.Tests.Hosting;

/// <summary>
/// The data folder after a real Gantry start with a real PostgreSQL in it: the service's user reaches its own folder
/// and nothing else (not the listing, the store, the keys, the sources or the admin token).
/// </summary>
public sealed class DataFolderPermissionsTests
{
    private static readonly string[] Expected = ["gantry.db", "gantry.db-wal", "gantry.db-shm", "admin-token", "installation-id", "ports.json", "keys", "sources", "logs", "services"];

    [Fact]
    public async Task AfterAStart_EveryEntryOfTheDataFolderIsOwnerOnly_AndAServiceUserReachesOnlyItsOwnFolder()
    {
        TestUsers.Postgres();
        using var folder = new TempDirectory("gantry-perms");
        var data = new DataDirectory(folder.Path);
        var options = new ServerOptions(folder.Path, IPAddress.Loopback, 0, IPAddress.Loopback, 0, ["false"]) { Runtime = RuntimeChoice.Process, HttpsPort = null };
        await using var server = await GantryServer.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await using var pg = new PostgresService(folder.Path);
        Assert.Equal(
            (data.Service("postgres-default"), data.ServiceData("postgres-default"), data.ServiceRun("postgres-default"), data.ServiceLog("postgres-default")),
            (pg.Plan.Home, pg.Plan.DataDirectory, pg.Plan.RunDirectory, pg.Plan.LogFile));
        await pg.NewHost().EnsureRunningAsync();
        await pg.SqlAsync("CREATE TABLE t (n int)");
        data.InstallationId(); // what the container runtime writes at its start

        var modes = new DirectoryInfo(folder.Path).EnumerateFileSystemInfos().ToDictionary(e => e.Name, e => Octal(e.UnixFileMode));
        var expected = modes.Keys.ToDictionary(
            name => name,
            name => name == "services" ? "711" : Directory.Exists(Path.Combine(folder.Path, name)) ? "700" : "600");

        Assert.Equal("711", Octal(File.GetUnixFileMode(folder.Path)));
        Assert.Equal(expected, modes);
        Assert.Empty(Expected.Except(modes.Keys));
        Assert.Equal("700", Octal(File.GetUnixFileMode(data.Service("postgres-default"))));

        // What the postgres user can and cannot do.
        Assert.True((await AsPostgresAsync(pg.Steps, "ls", data.ServiceData("postgres-default"))).Succeeded);
        foreach (var (command, path) in new[]
        {
            ("ls", folder.Path),
            ("ls", data.Services),
            ("cat", data.Database),
            ("cat", data.Database + "-wal"),
            ("cat", data.AdminTokenFile),
            ("ls", data.Keys),
            ("ls", data.Sources),
            ("cat", data.ServiceLog("postgres-default")),
        })
        {
            var result = await AsPostgresAsync(pg.Steps, command, path);
            Assert.False(result.Succeeded, $"the postgres user could {command} {path}");
            Assert.Contains("Permission denied", result.Stderr);
        }
    }

    private static Task<StepResult> AsPostgresAsync(StepRunner steps, string command, string path) =>
        steps.ExecuteAsync(CommandPlan.Of(command, path) with { User = "postgres" });

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);
}
