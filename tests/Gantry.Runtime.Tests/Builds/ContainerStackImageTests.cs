using Docker.DotNet.Models;
using Gantry.Runtime.Builds;
using Gantry.Runtime.Builds.Container;
using Gantry.Runtime.Instances.Container;
using Gantry.Runtime.Tests.TestSupport;
using Gantry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Runtime.Tests.Builds;

/// <summary>
/// Java (Maven, offline) and PHP folders without a Containerfile, packed onto base images made from this machine's own
/// Java and PHP, then run in a real Podman container: each answers over HTTP from inside it.
/// </summary>
public sealed class ContainerStackImageTests : IAsyncLifetime
{
    private readonly Gantry.Testing.TempDirectory _temp = new("gantry-stack-image");
    private readonly List<string> _containers = [];
    private ContainerEngine _engine = null!;

    public async Task InitializeAsync() =>
        _engine = (await ContainerEngine.ConnectAsync(TestEngine.DockerHost, required: true, CancellationToken.None)).Engine
            ?? throw new InvalidOperationException("the test engine does not answer at " + TestEngine.DockerHost);

    public async Task DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await _engine.Client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true });
        }

        _engine.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("java", "Java (pom.xml")]
    [InlineData("php", "PHP (composer.json)")]
    public async Task AFolderWithoutAContainerfile_IsPackedOntoThisMachinesRuntime_AndAnswersFromAContainer(string stack, string detected)
    {
        var folder = _temp.Combine(stack);
        SourceStackApps.WriteTo(folder, stack, $"packed-{stack}");
        // Sources of their own: an engine that ran this test before holds the image of the sources it had then.
        await File.WriteAllTextAsync(Path.Combine(folder, "run.txt"), Guid.NewGuid().ToString());
        var builder = new ContainerImageBuilder(
            _engine, new SourceBuildService(_temp.Combine("builds"), new BuildOptions(), NullLogger.Instance), NullLogger<ContainerImageBuilder>.Instance);
        var output = new Collected();

        var built = await builder.BuildAsync(new BuildRequest(folder, [], []), $"gantry.local/packed-{stack}", output, CancellationToken.None);

        Assert.StartsWith(detected, built.Stack, StringComparison.Ordinal);
        Assert.Contains(output.Lines, l => l.Contains($"FROM gantry.local/{stack}-runtime:", StringComparison.Ordinal));
        var port = await RunAsync(built.Image);
        using var http = new HttpClient();
        var answer = await Eventually.UntilAsync(
            async () => await http.GetStringAsync($"http://127.0.0.1:{port}/"), text => text.Length > 0, TimeSpan.FromSeconds(60), $"the {stack} container to answer");
        Assert.Equal($"hello from {stack}", answer);
    }

    /// <summary>Starts the image with PORT=8080 published on a free port of 127.0.0.1; returns that port.</summary>
    private async Task<int> RunAsync(string image)
    {
        var created = await _engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Env = ["PORT=8080"],
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["8080/tcp"] = default },
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>> { ["8080/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "" }] },
            },
        });
        _containers.Add(created.ID);
        await _engine.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        var inspect = await _engine.Client.Containers.InspectContainerAsync(created.ID);
        return int.Parse(inspect.NetworkSettings.Ports["8080/tcp"][0].HostPort, System.Globalization.CultureInfo.InvariantCulture);
    }
}
