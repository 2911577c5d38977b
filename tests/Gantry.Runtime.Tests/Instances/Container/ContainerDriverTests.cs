using System.Collections.Immutable;
using System.Text;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Container;
using Gantry.Runtime.Logs;
using Gantry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Runtime.Tests.Instances.Container;

/// <summary>The container driver against the real Podman API: what a Score container asks for reaches the container, and installations stay apart.</summary>
public sealed class ContainerDriverTests : IAsyncLifetime
{
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(20);
    private readonly Gantry.Testing.TempDirectory _temp = new("gantry-driver");
    private readonly List<IRunningInstance> _started = [];
    private readonly List<string> _volumes = [];
    private ContainerEngine _engine = null!;

    public async Task InitializeAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        _engine = (await ContainerEngine.ConnectAsync(TestEngine.DockerHost, required: true, CancellationToken.None)).Engine
            ?? throw new InvalidOperationException("the test engine does not answer at " + TestEngine.DockerHost);
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _started)
        {
            await instance.StopAsync(TimeSpan.Zero, CancellationToken.None);
            await instance.DisposeAsync();
        }

        foreach (var volume in _volumes)
        {
            await _engine.Client.Volumes.RemoveAsync(volume, force: true);
        }

        _engine.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task FilesVariablesCommandAndLimits_ReachTheContainer()
    {
        var driver = Driver("aaaa0001");
        var spec = Spec("drvfiles", Launch(files: [new FileMount("/etc/app/greeting", "0640", [.. Encoding.UTF8.GetBytes("hi there")])],
            limits: new ContainerLimits(64 * 1024 * 1024, 500_000_000, 32 * 1024 * 1024, 250))) with
        {
            Environment = ImmutableDictionary<string, string>.Empty.Add("GREETING", "hello"),
        };

        var instance = await StartAsync(driver, spec);

        Assert.Equal(new ExecResult(0, "hi there"), await ExecAsync(instance, "cat", "/etc/app/greeting"));
        Assert.Equal(1, (await ExecAsync(instance, "false")).ExitCode);
        Assert.Equal("-rw-r-----", (await ExecAsync(instance, "sh", "-c", "ls -l /etc/app/greeting")).Output.Split(' ')[0]);
        Assert.Equal("hello 8080 8080", (await ExecAsync(instance, "sh", "-c", "echo $GREETING $PORT $ASPNETCORE_HTTP_PORTS")).Output.Trim());
        var inspect = await _engine.Client.Containers.InspectContainerAsync(ContainerDriver.ContainerName(spec.InstanceId, "aaaa0001"));
        Assert.Equal(64 * 1024 * 1024, inspect.HostConfig.Memory);
        Assert.Equal(500_000_000, inspect.HostConfig.NanoCPUs);
        Assert.Equal("250", inspect.Config.Labels[ContainerLabels.CpuRequest]);
        Assert.Equal("aaaa0001", inspect.Config.Labels[ContainerLabels.Installation]);
        Assert.True(instance.HostPorts.TryGetValue(8080, out var hostPort) && hostPort > 0);
        Assert.True((await instance.SampleUsageAsync(CancellationToken.None))?.MemoryBytes > 0);
    }

    [Fact]
    public async Task AnInstallation_FindsOnlyItsOwnContainers()
    {
        var mine = Driver("bbbb0001");
        var theirs = Driver("bbbb0002");
        var spec = Spec("drvowner", Launch());
        await StartAsync(theirs, spec);

        // The same instance id in another installation is another container: starting it leaves theirs alone.
        await StartAsync(mine, spec);

        Assert.Single(await theirs.FindExistingAsync(CancellationToken.None), e => e.InstanceId == spec.InstanceId && e.Running);
        Assert.Single(await mine.FindExistingAsync(CancellationToken.None), e => e.InstanceId == spec.InstanceId && e.Running);
    }

    [Fact]
    public async Task AVolumeOfAnotherInstallation_IsRefused_NotShared()
    {
        var volume = "gantry-drvvol-data-" + Guid.NewGuid().ToString("n")[..6];
        _volumes.Add(volume);
        var launch = Launch() with { Volumes = [new VolumeBinding(volume, "/data", null, false)] };
        await StartAsync(Driver("cccc0001"), Spec("drvvol", launch));

        var error = await Assert.ThrowsAsync<InstanceStartException>(() => Driver("cccc0002").StartAsync(Spec("drvvol", launch), Log(), CancellationToken.None));

        Assert.Contains($"volume '{volume}' belongs to another Gantry installation (cccc0001)", error.Message);
        Assert.Equal([volume], await Driver("cccc0001").ListAppVolumesAsync("drvvol", CancellationToken.None));
        Assert.Empty(await Driver("cccc0002").ListAppVolumesAsync("drvvol", CancellationToken.None));
    }

    private ContainerDriver Driver(string installation) => new(_engine, installation, NullLogger<ContainerDriver>.Instance);

    private static ContainerLaunch Launch(ImmutableArray<FileMount> files = default, ContainerLimits? limits = null) => new(
        TestImages.Busybox, ["httpd"], ["-f", "-p", "8080", "-h", "/tmp"], [], files.IsDefault ? [] : files, limits ?? ContainerLimits.None);

    private static InstanceSpec Spec(string app, ContainerLaunch launch) => new(
        InstanceId: $"{app}-web-1-{Guid.NewGuid().ToString("n")[..4]}",
        App: app,
        Workload: "web",
        Release: 1,
        Launch: new LaunchCommand("", [], "/", ImmutableDictionary<string, string>.Empty),
        Environment: ImmutableDictionary<string, string>.Empty,
        ContainerPorts: [8080]) { Container = launch };

    private InstanceLog Log() => new LogStore(_temp.Combine("logs")).Open("app", "web", Guid.NewGuid().ToString("n")[..8]);

    private async Task<IRunningInstance> StartAsync(ContainerDriver driver, InstanceSpec spec)
    {
        var instance = await driver.StartAsync(spec, Log(), CancellationToken.None);
        _started.Add(instance);
        return instance;
    }

    private static Task<ExecResult> ExecAsync(IRunningInstance instance, params string[] command) =>
        instance.ExecAsync(command, ExecTimeout, CancellationToken.None);
}
