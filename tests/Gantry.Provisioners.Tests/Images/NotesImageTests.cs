using Docker.DotNet.Models;
using Gantry.Testing;

namespace Gantry.Provisioners.Tests.Images;

/// <summary>
/// The notes image (Gantry.Testing's <see cref="NotesImage"/>, the base of <see cref="NotesApp"/> on the container
/// runtime) on a real Podman: its python3 imports what the app and its stores import, and each store's client runs.
/// </summary>
public sealed class NotesImageTests : IAsyncLifetime
{
    private readonly Docker.DotNet.DockerClient _client = TestImages.Client();
    private string? _container;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheNotesImage_ImportsTheAppsModules_AndRunsEveryStoresClient()
    {
        await NotesImage.EnsureAsync();
        const string script = """
            set -e
            python3 -c 'import http.server, os, subprocess, urllib.parse, pika, pika.adapters.blocking_connection, ssl; print("python", pika.__version__)'
            psql --version
            mariadb --version
            redis-cli --version
            """;
        _container = (await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = NotesImage.Name,
            Cmd = ["bash", "-c", script],
            Name = $"gantry-notes-image-{Guid.NewGuid():N}"[..32],
        })).ID;
        await _client.Containers.StartContainerAsync(_container, new ContainerStartParameters());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await _client.Containers.WaitContainerAsync(_container, deadline.Token);
        using var logs = await _client.Containers.GetContainerLogsAsync(_container, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, deadline.Token);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(deadline.Token);

        Assert.True(exit.StatusCode == 0, stdout + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Collection(lines,
            line => Assert.StartsWith("python ", line, StringComparison.Ordinal),
            line => Assert.StartsWith("psql (PostgreSQL) ", line, StringComparison.Ordinal),
            line => Assert.Contains("MariaDB", line, StringComparison.Ordinal),
            line => Assert.StartsWith("redis-cli ", line, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _client.Containers.RemoveContainerAsync(_container, new ContainerRemoveParameters { Force = true });
        }

        _client.Dispose();
    }
}
