using System.Collections.Immutable;
using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gantry.Provisioners.Steps;
using Gantry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Provisioners.Tests.Steps;

/// <summary>
/// Steps that name a container run inside it (real Podman, busybox image), as on the container runtime: input in,
/// output out (captured, or streamed as a backup is), the exit code, the environment and the user as the plan says.
/// </summary>
public sealed class ContainerExecTests : IAsyncLifetime
{
    private readonly DockerClient _client = TestImages.Client();
    private readonly string _name = $"gantry-exec-test-{Guid.NewGuid():N}"[..28];
    private StepRunner _steps = null!;

    public async Task InitializeAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        await _client.Containers.CreateContainerAsync(new CreateContainerParameters { Name = _name, Image = TestImages.Busybox, Cmd = ["sleep", "3600"] });
        await _client.Containers.StartContainerAsync(_name, new ContainerStartParameters());
        _steps = new StepRunner(NullLogger<StepRunner>.Instance, new ContainerExec(_client));
    }

    public async Task DisposeAsync()
    {
        await _client.Containers.RemoveContainerAsync(_name, new ContainerRemoveParameters { Force = true });
        _client.Dispose();
    }

    [Fact]
    public async Task AStep_ReadsItsInput_SeesItsEnvironment_AndReportsItsExitCodeAndMaskedErrors()
    {
        var plan = Plan(["sh", "-c", "cat; echo \" $GREETING\"; echo \"failed: $SECRET\" >&2; exit 3"]) with
        {
            Stdin = "hello",
            Environment = ImmutableDictionary<string, string>.Empty.Add("GREETING", "from inside").Add("SECRET", "s3cret-value"),
            Secrets = ["s3cret-value"],
        };

        var result = await _steps.ExecuteAsync(plan);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello from inside", result.Stdout.Trim());
        Assert.Equal("failed: ***", result.Stderr.Trim());
        var failure = await Assert.ThrowsAsync<StepFailedException>(() => _steps.RunAsync(plan));
        Assert.Contains("sh exited with code 3", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABackupSizedStream_GoesInAndComesOutWhole()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        using var input = new MemoryStream(data);
        using var output = new MemoryStream();

        await _steps.RunAsync(Plan(["cat"]), input, output);

        Assert.Equal(data.Length, output.Length);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(output.ToArray()));
    }

    [Fact]
    public async Task AStepRunsAsItsUser_AndAMissingProgramOrUserIsAFailureNamingIt()
    {
        var nobody = await _steps.RunAsync(Plan(["grep", "^Uid:", "/proc/self/status"]) with { User = "65534" });
        Assert.StartsWith("Uid:\t65534\t", nobody.Stdout, StringComparison.Ordinal);

        var missing = await _steps.ExecuteAsync(Plan(["no-such-program"]));
        Assert.NotEqual(0, missing.ExitCode);

        var user = await Assert.ThrowsAsync<StepFailedException>(() => _steps.RunAsync(Plan(["true"]) with { User = "no-such-user" }));
        Assert.Contains($"could not run in container {_name}", user.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStepPastItsTimeout_IsReportedAsTimedOut_AndItsProcessIsKilled()
    {
        var result = await _steps.ExecuteAsync(Plan(["sh", "-c", "sleep 301; echo late"]) with { Timeout = TimeSpan.FromSeconds(1) });

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        await Eventually.UntilAsync(
            async () => (await _steps.RunAsync(Plan(["busybox", "ps"]))).Stdout,
            processes => !processes.Contains("sleep 301", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "the timed-out step's processes to be gone from the container");
    }

    private CommandPlan Plan(string[] command) => CommandPlan.Of(command) with { Container = _name };
}
