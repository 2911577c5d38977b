using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// The bundled .NET sample, which has no Containerfile, on the container runtime: published on the host, packed onto a
/// base image made from this machine's .NET runtime, and served through the gateway.
/// </summary>
public sealed class ContainerSampleTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-ctr-sample");
    private GantryProcess _gantry = null!;

    public async Task InitializeAsync() =>
        _gantry = await GantryProcess.StartAsync(_temp.Combine("data"), sample: true, runtime: "container");

    public async Task DisposeAsync()
    {
        await _gantry.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Up_WithTheContainerRuntime_ServesTheDotnetSampleFromAGeneratedImage()
    {
        var answer = await Eventually.UntilAsync(
            async () =>
            {
                using var response = await _gantry.GetAsync("hello.localhost");
                return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            },
            a => a.StartsWith("200", StringComparison.Ordinal),
            TimeSpan.FromMinutes(4),
            "the sample to be served from its container");

        Assert.Contains("Hello from Gantry from release 1", answer);
        var status = await _gantry.RunAsync("status", "hello", "--json");
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal("container", json.RootElement.GetProperty("runtime").GetString());
        Assert.Contains("built image gantry.local/hello-web", _gantry.Output);
    }
}
