using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary><c>gantry import</c> works offline: a compose file becomes a gantry.yaml and Score files that load, with a report.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> Offline = new() { ["GANTRY_SERVER"] = "http://127.0.0.1:9" };
    private readonly TempDirectory _temp = new("gantry-import");

    [Fact]
    public async Task AComposeFile_IsWrittenAsGantryYamlAndScoreFiles_NamedAfterItsFolder_AndAnExistingFileIsKeptWithoutForce()
    {
        var folder = _temp.Combine("shop");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "compose.yaml"), """
            services:
              web:
                image: nginx:1.27
                ports: ["8080:80"]
                environment:
                  API: http://api:3000
                network_mode: bridge
              api:
                image: ghcr.io/acme/api:1
                expose: ["3000"]
            """);

        var imported = await CliRunner.RunAsync(Offline, "import", "-f", Path.Combine(folder, "compose.yaml"), "--json");
        var again = await CliRunner.RunAsync(Offline, "import", "-f", Path.Combine(folder, "compose.yaml"));

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("\"app\": \"shop\"", imported.Stdout);
        Assert.Contains("services.web.network_mode", imported.Stdout);
        Assert.Equal(["api.score.yaml", "compose.yaml", "gantry.yaml", "web.score.yaml"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("API: http://${resources.api.hostname}:${resources.api.port}", await File.ReadAllTextAsync(Path.Combine(folder, "web.score.yaml")));
        var rendered = await CliRunner.RunAsync(Offline, "render", "-f", Path.Combine(folder, "gantry.yaml"));
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        Assert.Contains("kind: HTTPRoute", rendered.Stdout);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exist", again.Stderr);
    }

    [Fact]
    public async Task ARefusedKey_ExitsWithTheFieldAndLine_AndWritesNothing()
    {
        var compose = _temp.Combine("broken", "compose.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(compose)!);
        await File.WriteAllTextAsync(compose, "name: broken\nservices:\n  web:\n    image: nginx\n    volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]\n");

        var result = await CliRunner.RunAsync(Offline, "import", "-f", compose);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("compose.yaml:5:15: services.web.volumes[0]:", result.Stderr);
        Assert.Equal(["compose.yaml"], Directory.GetFiles(Path.GetDirectoryName(compose)!).Select(Path.GetFileName));
    }

    public void Dispose() => _temp.Dispose();
}
