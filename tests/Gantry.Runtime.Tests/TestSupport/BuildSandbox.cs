using System.Collections.Immutable;
using Gantry.Runtime.Builds;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Logs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Runtime.Tests.TestSupport;

/// <summary>A source folder, a build root and a process driver in a temporary folder: build a folder, then run what was built.</summary>
internal sealed class BuildSandbox : IDisposable
{
    private static readonly BuildOptions Options = new() { StaticServerCommand = ["/usr/local/bin/gantry", "serve-static"] };

    public BuildSandbox()
    {
        Source = Temp.Combine("src");
        BuildRoot = Temp.Combine("builds");
        Directory.CreateDirectory(Source);
    }

    public TempDirectory Temp { get; } = new();

    public string Source { get; }

    public string BuildRoot { get; }

    public void Dispose() => Temp.Dispose();

    /// <summary>Writes a file of the source folder.</summary>
    public void Write(string path, string content) => Temp.Write("src/" + path, content);

    public SourceBuildService Service() => new(BuildRoot, Options, NullLogger.Instance);

    public BuildRequest Request(ImmutableArray<string> command = default, ImmutableArray<string> args = default) =>
        new(Source, command.IsDefault ? [] : command, args.IsDefault ? [] : args);

    public Task<BuildArtifact> BuildAsync(IProgress<string>? output = null) =>
        Service().BuildAsync(Request(), output ?? new Collected(), CancellationToken.None);

    /// <summary>Starts the launch command as an instance (what Gantry does with an artifact) and returns its output once it exits.</summary>
    public async Task<IReadOnlyList<string>> RunToExitAsync(LaunchCommand launch, params int[] ports)
    {
        var spec = Specs.Command(launch.FileName, launch.Arguments, launch.WorkingDirectory, ports) with { Launch = launch };
        var driver = new ProcessDriver(Temp.Combine("run"), NullLogger<ProcessDriver>.Instance);
        using var log = new LogStore(Temp.Combine("logs")).Open(spec.App, spec.Workload, spec.InstanceId);
        await using var instance = await driver.StartAsync(spec, log, CancellationToken.None);
        var exit = await Poll.WithinAsync(instance.Exited, "the built app exits");
        var output = log.Tail(100).Select(l => l.Text).ToList();
        Assert.True(exit.ExitCode == 0, $"{exit}: {string.Join('\n', output)}");
        return output;
    }

    /// <summary>Starts the launch command as an instance listening on $PORT and returns what it answers to GET <paramref name="path"/>.</summary>
    public async Task<string> GetAsync(LaunchCommand launch, string path = "/")
    {
        var spec = Specs.Command(launch.FileName, launch.Arguments, launch.WorkingDirectory, 8080) with { Launch = launch };
        var driver = new ProcessDriver(Temp.Combine("run"), NullLogger<ProcessDriver>.Instance);
        using var log = new LogStore(Temp.Combine("logs")).Open(spec.App, spec.Workload, spec.InstanceId);
        await using var instance = await driver.StartAsync(spec, log, CancellationToken.None);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{instance.HostPorts[8080]}{path}";
        string? body = null;
        await Poll.UntilAsync(() =>
        {
            Assert.False(instance.Exited.IsCompleted, "the app exited: " + string.Join('\n', log.Tail(30).Select(l => l.Text)));
            try
            {
                body = client.GetStringAsync(url).GetAwaiter().GetResult();
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the built app answers {url}", TimeSpan.FromSeconds(30));
        return body!;
    }
}
