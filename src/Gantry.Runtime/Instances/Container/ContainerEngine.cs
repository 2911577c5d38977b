using Docker.DotNet;

namespace Gantry.Runtime.Instances.Container;

/// <summary>A connection to a Docker Engine API (Docker or Podman, which serves the same API).</summary>
public sealed class ContainerEngine : IDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);

    private ContainerEngine(DockerClient client, string endpoint, string version)
    {
        Client = client;
        Endpoint = endpoint;
        Version = version;
    }

    public DockerClient Client { get; }

    /// <summary>Where the engine answers, for example <c>unix:///run/podman/podman.sock</c>.</summary>
    public string Endpoint { get; }

    /// <summary>What the engine says it is, for example <c>Podman Engine 4.3.1</c>.</summary>
    public string Version { get; }

    /// <summary>
    /// The first engine that answers: <paramref name="dockerHost"/>, else <c>DOCKER_HOST</c>, else the usual sockets of
    /// Docker and rootful and rootless Podman. Null when none answers within a couple of seconds.
    /// </summary>
    public static async Task<ContainerEngine?> TryConnectAsync(string? dockerHost, CancellationToken cancellationToken)
    {
        foreach (var endpoint in Candidates(dockerHost))
        {
            var client = new DockerClientConfiguration(new Uri(endpoint)).CreateClient();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(AnswerTimeout);
                var version = await client.System.GetVersionAsync(timeout.Token);
                var name = version.Components?.FirstOrDefault()?.Name ?? "Docker Engine";
                return new ContainerEngine(client, endpoint, $"{name} {version.Version}");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
            }
        }

        return null;
    }

    public void Dispose() => Client.Dispose();

    private static IEnumerable<string> Candidates(string? dockerHost)
    {
        var explicitHost = dockerHost ?? Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(explicitHost))
        {
            yield return explicitHost;
            yield break;
        }

        var sockets = new List<string> { "/var/run/docker.sock", "/run/podman/podman.sock" };
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir)
        {
            sockets.Add(Path.Combine(runtimeDir, "podman", "podman.sock"));
        }

        foreach (var socket in sockets.Where(File.Exists))
        {
            yield return "unix://" + socket;
        }
    }
}
