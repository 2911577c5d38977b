using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Gantry.Testing;

/// <summary>
/// A real image registry (Debian's <c>docker-registry</c>) on 127.0.0.1, for pull tests: no public registry is
/// reachable here. Its port is one of the ten that <c>tests/engine/podman.sh</c> tells Podman to reach over plain HTTP.
/// </summary>
public sealed class TestRegistry : IAsyncDisposable
{
    private const int FirstPort = 25550;
    private const int Ports = 10;
    private static readonly string[] Executables = ["/usr/bin/docker-registry", "/usr/sbin/docker-registry"];
    private readonly Process _process;
    private readonly TempDirectory _storage;
    private readonly ReservedPort _port;

    private TestRegistry(Process process, TempDirectory storage, ReservedPort port)
    {
        _process = process;
        _storage = storage;
        _port = port;
        Address = $"127.0.0.1:{port}";
    }

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of the image references it serves.</summary>
    public string Address { get; }

    public static async Task<TestRegistry> StartAsync()
    {
        var executable = Executables.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("docker-registry is not installed: run ./test.sh, which installs it (apt-get install docker-registry)");
        var port = ReservedPort.TakeFrom(Enumerable.Range(FirstPort, Ports))
            ?? throw new InvalidOperationException($"ports {FirstPort}-{FirstPort + Ports - 1} are all taken: no port for the test registry");

        var storage = new TempDirectory("gantry-registry");
        var config = storage.Combine("config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {storage.Combine("data")}
            http:
              addr: 127.0.0.1:{port}
            """);
        var start = new ProcessStartInfo(executable, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new TestRegistry(process, storage, port);
        using var http = new HttpClient();
        await Eventually.UntilAsync(
            async () => process.HasExited ? throw new InvalidOperationException("docker-registry exited at start") : (await http.GetAsync($"http://{registry.Address}/v2/")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(20),
            "the test registry to answer");
        return registry;
    }

    /// <summary>Pushes a local image to this registry as <c>ADDRESS/NAME:TAG</c> and removes that name locally, so the next use pulls it.</summary>
    public async Task<string> PushAsync(DockerClient client, string localImage, string name, string tag)
    {
        var repository = $"{Address}/{name}";
        await client.Images.TagImageAsync(localImage, new ImageTagParameters { RepositoryName = repository, Tag = tag });
        var errors = new List<string>();
        await client.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, new AuthConfig(),
            new Progress<JSONMessage>(m => { if (m.Error is { } e) { lock (errors) { errors.Add(e.Message); } } }));
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"pushing {repository}:{tag} failed: {string.Join("; ", errors)}");
        }

        await client.Images.DeleteImageAsync($"{repository}:{tag}", new ImageDeleteParameters { Force = false });
        return $"{repository}:{tag}";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _storage.Dispose();
        _port.Dispose();
    }
}
