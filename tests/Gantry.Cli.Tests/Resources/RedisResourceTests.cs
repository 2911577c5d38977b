using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// A <c>redis</c> resource on the process runtime, end to end with a real <c>gantry up</c> and the machine's Redis:
/// an ACL user per app confined to its key prefix (another app's credentials refused), keys and users kept through a
/// new release, a restart of Gantry and a <c>kill -9</c> of the server; the password shown nowhere unless revealed;
/// a purged resource's user and keys gone; a backup of its keys alone, restored and verified.
/// </summary>
public sealed class RedisResourceTests() : ResourceTest("gantry-redis")
{
    private const string Service = "redis-default";

    [Fact]
    public async Task ARedisResource_IsAUserPerApp_ConfinedToItsPrefix_AndKeepsItsKeysThroughReleasesRestartsAndKills()
    {
        RequireRedis();
        var notes = new NotesApp(NotesStore.Redis, "notes");
        var other = new NotesApp(NotesStore.Redis, "other");

        // Each app has its own user: one app's credentials cannot read, list or wipe the other's keys.
        var (mine, theirs) = await TwoAppsWithNotesAsync(notes, other);
        Assert.Equal(mine["username"] + ":", mine["prefix"]);
        Assert.Contains("NOPERM this user has no permissions to access one of the keys", await RedisAsync(mine, "ZRANGE", theirs["prefix"] + "notes", "0", "-1"));
        Assert.Contains("NOPERM this user has no permissions to run the 'flushall' command", await RedisAsync(mine, "FLUSHALL"));
        Assert.Contains("NOPERM this user has no permissions to run the 'scan' command", await RedisAsync(mine, "SCAN", "0"));
        Assert.Contains("NOPERM this user has no permissions to run the 'keys' command", await RedisAsync(mine, "KEYS", "*"));
        Assert.Equal("gamma", await ReadAsync(other));

        // A new release and a restart of Gantry (the server stopped and started again): the keys and users are there.
        await NewReleaseAndRestartAsync(notes, Service);

        // kill -9 of the server: restarted from its append-only file and its ACL file.
        await WriteAsync(notes, "gamma");
        await KillServerAndReadAgainAsync(Service, notes, "alpha\nbeta\ngamma");
        Assert.Equal("gamma", await ReadAsync(other));

        await AssertNowhereAsync("notes", mine["password"], theirs["password"]);
    }

    [Fact]
    public async Task PurgingAnApp_RemovesItsRedisUserAndKeys_AndNoOneElses()
    {
        RequireRedis();
        var notes = new NotesApp(NotesStore.Redis, "keeper");
        var other = new NotesApp(NotesStore.Redis, "other");
        var (credentials, _) = await TwoAppsWithNotesAsync(notes, other);

        var purge = await Gantry.RunAsync("apps", "delete", "keeper", "--purge", "--yes");
        Assert.True(purge.ExitCode == 0, purge.ToString());

        Assert.Contains("WRONGPASS", await RedisAsync(credentials, "PING"));
        await DeployAsync(notes, "fresh");
        Assert.Equal("", await ReadAsync(notes)); // the same key prefix again, and nothing under it
        Assert.Equal("gamma", await ReadAsync(other));
    }

    [Fact]
    public async Task ARedisBackup_RestoresExactlyItsKeys_InEveryDatabase_WithTheirExpiryTimes_AndVerifiesInAScratchUser()
    {
        RequireRedis();
        var notes = new NotesApp(NotesStore.Redis, "kept");
        var other = new NotesApp(NotesStore.Redis, "other");
        var (mine, _) = await TwoAppsWithNotesAsync(notes, other);
        var session = mine["prefix"] + "session";
        Assert.Equal("OK", await RedisAsync(mine, "-n", "2", "SET", session, "token", "PX", "3600000"));
        var expires = await RedisAsync(mine, "-n", "2", "PEXPIRETIME", session);

        var created = await Gantry.RunAsync("backup", "create", "kept", "db");
        Assert.True(created.ExitCode == 0, $"{created}\n--- server\n{Gantry.Output}");
        await WriteAsync(notes, "delta");
        await RedisAsync(mine, "-n", "2", "DEL", session);
        await RedisAsync(mine, "-n", "5", "SET", mine["prefix"] + "later", "x");

        var restored = await Gantry.RunAsync("backup", "restore", "kept", "db", "--yes");
        Assert.True(restored.ExitCode == 0, $"{restored}\n--- server\n{Gantry.Output}");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
        Assert.Equal("token", await RedisAsync(mine, "-n", "2", "GET", session));
        Assert.Equal(expires, await RedisAsync(mine, "-n", "2", "PEXPIRETIME", session));
        Assert.Equal("0", await RedisAsync(mine, "-n", "5", "EXISTS", mine["prefix"] + "later")); // written after the backup: gone
        Assert.Equal("gamma", await ReadAsync(other)); // another user's keys untouched

        var verified = await Gantry.RunAsync("backup", "verify", "kept", "db");
        Assert.True(verified.ExitCode == 0, $"{verified}\n--- server\n{Gantry.Output}");
        Assert.Contains("verified", verified.Stdout);
    }

    /// <summary>redis-cli as the resource's user: what it printed, on either stream (an error reply exits 1 with -e).</summary>
    private static async Task<string> RedisAsync(Dictionary<string, string> credentials, params string[] command)
    {
        var (_, stdout, stderr) = await ToolAsync("redis-cli", ["-e", "--no-auth-warning", "-h", credentials["host"], "-p", credentials["port"], "--user", credentials["username"], .. command],
            new Dictionary<string, string> { ["REDISCLI_AUTH"] = credentials["password"] });
        return (stdout + stderr).Trim();
    }
}
