using Docker.DotNet;

namespace Gantry.Runtime.Instances.Container;

/// <summary>A connection to a Docker Engine API (Docker or Podman, which serves the same API).</summary>
public sealed class ContainerEngine : IDisposable
{
    // An engine busy importing or building can take seconds to answer; a named endpoint gets that patience.
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NamedEndpointPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(500);

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
    /// Docker and rootful and rootless Podman. A named endpoint is retried for up to 30 s when <paramref name="required"/>.
    /// </summary>
    public static async Task<EngineConnection> ConnectAsync(string? dockerHost, bool required, CancellationToken cancellationToken)
    {
        var named = dockerHost ?? Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(named))
        {
            return await ConnectAsync(named, required ? NamedEndpointPatience : TimeSpan.Zero, cancellationToken);
        }

        var tried = new List<string>();
        foreach (var endpoint in UsualSockets())
        {
            var (engine, error) = await TryOnceAsync(endpoint, cancellationToken);
            if (engine is not null)
            {
                return new EngineConnection(engine, null);
            }

            tried.Add($"{endpoint}: {error}");
        }

        return new EngineConnection(null, tried.Count == 0
            ? "no Docker Engine API socket found (DOCKER_HOST is not set; looked for /var/run/docker.sock and /run/podman/podman.sock)"
            : "no Docker Engine API answers: " + string.Join("; ", tried));
    }

    public void Dispose() => Client.Dispose();

    private static async Task<EngineConnection> ConnectAsync(string endpoint, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var (engine, error) = await TryOnceAsync(endpoint, cancellationToken);
            if (engine is not null)
            {
                return new EngineConnection(engine, null);
            }

            if (DateTime.UtcNow + RetryPause >= deadline)
            {
                return new EngineConnection(null, $"no Docker Engine API answers at {endpoint}: {error}");
            }

            await Task.Delay(RetryPause, cancellationToken);
        }
    }

    private static async Task<(ContainerEngine? Engine, string? Error)> TryOnceAsync(string endpoint, CancellationToken cancellationToken)
    {
        DockerClient client;
        try
        {
            client = new DockerClientConfiguration(new Uri(endpoint)).CreateClient();
        }
        catch (Exception e) when (e is UriFormatException or NotSupportedException or ArgumentException)
        {
            return (null, $"not an endpoint Gantry can use ({e.Message})");
        }

        try
        {
            // _ping, not version: Podman answers version only once its storage is free, which a big image import can hold for a minute.
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(AnswerTimeout);
                await client.System.PingAsync(timeout.Token);
            }

            return (new ContainerEngine(client, endpoint, await DescribeAsync(client, cancellationToken)), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            return (null, e is OperationCanceledException ? $"no answer within {AnswerTimeout.TotalSeconds:0} s" : e.GetBaseException().Message);
        }
    }

    /// <summary>What the engine says it is, for status output; "Docker Engine API" when it is too busy to say.</summary>
    private static async Task<string> DescribeAsync(DockerClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        try
        {
            var version = await client.System.GetVersionAsync(timeout.Token);
            return $"{version.Components?.FirstOrDefault()?.Name ?? "Docker Engine"} {version.Version}";
        }
        catch (Exception e) when (e is OperationCanceledException or DockerApiException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return "Docker Engine API";
        }
    }

    private static IEnumerable<string> UsualSockets()
    {
        var sockets = new List<string> { "/var/run/docker.sock", "/run/podman/podman.sock" };
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir)
        {
            sockets.Add(Path.Combine(runtimeDir, "podman", "podman.sock"));
        }

        return sockets.Where(File.Exists).Select(socket => "unix://" + socket);
    }
}
