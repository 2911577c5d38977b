using Docker.DotNet;
using Docker.DotNet.Models;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Support;

/// <summary>A test class whose every test gets its own <c>gantry up --runtime container</c> on the test engine (Podman).</summary>
public abstract class ContainerGantryTest(string prefix) : IAsyncLifetime
{
    protected TempDirectory Temp { get; } = new(prefix);

    protected GantryProcess Gantry { get; set; } = null!;

    protected DockerClient Engine { get; } = new DockerClientConfiguration(new Uri(TestEngine.DockerHost)).CreateClient();

    /// <summary>True: <c>gantry up</c> deploys its bundled sample (built into an image) on first start.</summary>
    protected virtual bool WithSample => false;

    public async Task InitializeAsync()
    {
        await TestImages.EnsureBusyboxAsync();
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"), sample: WithSample, runtime: "container");
    }

    public async Task DisposeAsync()
    {
        await Gantry.DisposeAsync();
        await RemoveVolumesAsync();
        Engine.Dispose();
        Temp.Dispose();
    }

    /// <summary>
    /// The volumes and network this test's installation made (kept by design when an app is deleted): removed, so a later run on
    /// the same engine, with a new installation, does not find them and refuse to share them.
    /// </summary>
    private async Task RemoveVolumesAsync()
    {
        var idFile = Path.Combine(Temp.Combine("data"), "installation-id");
        if (!File.Exists(idFile))
        {
            return;
        }

        var installation = (await File.ReadAllTextAsync(idFile)).Trim();
        var volumes = await Engine.Volumes.ListAsync(new VolumesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"gantry.installation={installation}"] = true } },
        });
        foreach (var volume in volumes.Volumes ?? [])
        {
            await Engine.Volumes.RemoveAsync(volume.Name, force: true);
        }

        // The installation's network (its platform servers, stopped with Gantry, have left it).
        try
        {
            await Engine.Networks.DeleteNetworkAsync($"gantry-{installation}");
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Deploys and waits; fails the test with the CLI's and server's output when the exit code differs.</summary>
    protected async Task<CliResult> DeployAsync(BusyboxApp app, string version, int expectedExit = 0)
    {
        var result = await Gantry.RunAsync("deploy", "-f", app.WriteTo(Temp.Combine("apps", app.Name, version)), "--wait", "--timeout", "3m");
        Assert.True(result.ExitCode == expectedExit, $"deploy {app.Name} {version}: {result}\n--- server\n{Gantry.Output}");
        return result;
    }

    /// <summary>The engine's containers of an app, running or not.</summary>
    protected async Task<IList<ContainerListResponse>> ContainersAsync(string app) =>
        await Engine.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"gantry.app={app}"] = true } },
        });

    protected async Task<string> GetTextAsync(string host, string path = "/")
    {
        using var response = await Gantry.GetAsync(host, path);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }
}
