using System.Collections.Immutable;
using System.Globalization;
using Gantry.Provisioners.Steps;
using Gantry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Provisioners.Tests.Steps;

public sealed class StepRunnerTests
{
    private readonly StepRunner _runner = new(NullLogger<StepRunner>.Instance);

    [Fact]
    public async Task AStepWithAUser_RunsAsThatUser_WithItsHome()
    {
        var postgres = TestUsers.Postgres();

        var result = await _runner.RunAsync(Shell("id -u; printf '%s\\n' \"$HOME\" \"$USER\"") with { User = "postgres" });

        Assert.Equal([postgres.Uid.ToString(CultureInfo.InvariantCulture), postgres.Home, "postgres"], Lines(result.Stdout));
    }

    [Fact]
    public async Task TheInput_IsWrittenThenClosed_SoTheCommandSeesItsEnd()
    {
        var result = await _runner.RunAsync(CommandPlan.Of("cat") with { Stdin = "first line\nsecond line\n" });

        Assert.Equal("first line\nsecond line\n", result.Stdout);
    }

    [Fact]
    public async Task TheInput_OfAStepRunAsAnotherUser_CanBeReopenedAsDevStdin()
    {
        TestUsers.Postgres();

        // initdb --pwfile=/dev/stdin reopens its input: a pipe made by root would refuse the postgres user.
        var result = await _runner.RunAsync(CommandPlan.Of("cat", "/dev/stdin") with { Stdin = "the password", User = "postgres" });

        Assert.Equal("the password", result.Stdout);
    }

    [Fact]
    public async Task TheEnvironment_ReachesTheCommand_AndThePathFoldersComeFirst()
    {
        using var folder = new TempDirectory("gantry-steps");
        var tool = folder.Combine("greet");
        await File.WriteAllTextAsync(tool, "#!/bin/sh\nprintf 'hello %s' \"$WHO\"\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await _runner.RunAsync(CommandPlan.Of("greet") with
        {
            Environment = ImmutableDictionary<string, string>.Empty.Add("WHO", "world"),
            PathFolders = [folder.Path],
        });

        Assert.Equal("hello world", result.Stdout);
    }

    [Fact]
    public async Task ACommandPastItsTimeout_IsKilled_WithEverythingItStarted()
    {
        using var folder = new TempDirectory("gantry-steps");
        var pidFile = folder.Combine("sleep.pid");
        var plan = Shell($"sleep 300 & echo $! > {pidFile}; wait") with { Timeout = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _runner.RunAsync(plan));

        Assert.Equal("sh did not finish within 1s and was killed", error.Message);
        Assert.True(error.Result!.TimedOut);
        var sleeper = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        await Eventually.UntilAsync(() => !IsAlive(sleeper), TimeSpan.FromSeconds(10), "the background sleep to be killed with its group");
    }

    [Fact]
    public async Task AMissingProgram_IsAClearErrorNamingThePathAndThePackage()
    {
        var plan = CommandPlan.Of("psql-that-is-not-there", "-c", "SELECT 1") with { PathFolders = ["/usr/lib/postgresql/99/bin"], Package = "postgresql" };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _runner.RunAsync(plan));

        Assert.StartsWith("psql-that-is-not-there: not found on PATH (/usr/lib/postgresql/99/bin:", error.Message);
        Assert.EndsWith("); install postgresql", error.Message);
        Assert.Null(error.Result);
    }

    [Fact]
    public async Task ANonZeroExit_IsReportedWithTheLastLinesOfStderr()
    {
        var lines = string.Join("; ", Enumerable.Range(1, 15).Select(i => $"echo line{i} >&2"));

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _runner.RunAsync(Shell($"echo out; {lines}; exit 3")));

        Assert.Equal("sh exited with code 3:\n" + string.Join('\n', Enumerable.Range(6, 10).Select(i => $"line{i}")), error.Message);
        Assert.Equal(3, error.Result!.ExitCode);
    }

    [Fact]
    public async Task ACheck_ReturnsANonZeroExit_WithoutThrowing()
    {
        var result = await _runner.ExecuteAsync(Shell("exit 2"));

        Assert.Equal(2, result.ExitCode);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task SecretsOfThePlan_AreMaskedInTheOutputAndTheError()
    {
        var plan = Shell("echo \"ERROR: syntax error in ALTER ROLE app PASSWORD 'hunter2-secret'\" >&2; exit 1") with { Secrets = ["hunter2-secret"] };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _runner.RunAsync(plan));

        Assert.Contains("PASSWORD '***'", error.Message);
        Assert.DoesNotContain("hunter2-secret", error.Message + error.Result!.Stderr);
    }

    [Fact]
    public async Task CapturedOutput_IsBounded_AndTheCommandStillRunsToItsEnd()
    {
        var result = await _runner.RunAsync(Shell("head -c 3000000 /dev/zero | tr '\\0' a; echo done >&2"));

        Assert.Equal(1024 * 1024, result.Stdout.Length);
        Assert.Equal("done\n", result.Stderr);
    }

    [Fact]
    public async Task OutputToAStream_AndInputFromAStream_PassThroughUnchanged()
    {
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        using var input = new MemoryStream(bytes);
        using var output = new MemoryStream();

        await _runner.RunAsync(CommandPlan.Of("cat"), input, output);

        Assert.Equal(bytes, output.ToArray());
    }

    [Fact]
    public async Task AnUnknownUser_IsAClearError()
    {
        TestUsers.RequireRoot();

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _runner.RunAsync(CommandPlan.Of("true") with { User = "no-such-user-here", Package = "postgresql" }));

        Assert.Equal("user 'no-such-user-here' does not exist; install postgresql, which creates it", error.Message);
    }

    private static CommandPlan Shell(string script) => CommandPlan.Of("sh", "-c", script);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
}
