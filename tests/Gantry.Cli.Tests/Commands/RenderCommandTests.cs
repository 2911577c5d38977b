using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary><c>gantry render</c> works offline: manifests from the app's files, the same bytes every time.</summary>
public sealed class RenderCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> Offline = new() { ["GANTRY_SERVER"] = "http://127.0.0.1:9" };
    private readonly TempDirectory _temp = new("gantry-render");

    [Fact]
    public async Task TheSample_RendersOneFilePerObject_TheSameBytesTwice_AndStaleFilesGo()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "hello", "gantry.yaml");
        var output = _temp.Combine("k8s");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "09-deployment-gone.yaml"), "left from an earlier render");
        await File.WriteAllTextAsync(Path.Combine(output, "kustomization.yaml"), "mine");

        var first = await CliRunner.RunAsync(Offline, "render", "-f", sample, "-o", output, "--environment", "dev", "--registry", "ghcr.io/acme");
        Assert.True(first.ExitCode == 0, first.ToString());
        var files = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["00-namespace-hello-dev.yaml", "01-configmap-web-app-env.yaml", "02-deployment-web.yaml", "03-service-web.yaml", "04-httproute-web-route.yaml", "kustomization.yaml"],
            files);
        Assert.Contains("image: ghcr.io/acme/hello-web:latest", await File.ReadAllTextAsync(Path.Combine(output, "02-deployment-web.yaml")));
        var before = Directory.GetFiles(output).ToDictionary(f => f, File.ReadAllText);

        var second = await CliRunner.RunAsync(Offline, "render", "-f", sample, "-o", output, "--environment", "dev", "--registry", "ghcr.io/acme");

        Assert.Equal(0, second.ExitCode);
        Assert.All(before, pair => Assert.Equal(pair.Value, File.ReadAllText(pair.Key)));
    }

    [Fact]
    public async Task ToStdout_ItIsOneYamlStream()
    {
        var result = await CliRunner.RunAsync(Offline, "render", "-f", Path.Combine(RepositoryRoot(), "samples", "hello", "gantry.yaml"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("---\napiVersion: v1\nkind: Namespace", result.Stdout);
        Assert.Contains("kind: HTTPRoute", result.Stdout);
    }

    [Fact]
    public async Task ABrokenAppOrBadFlags_Exit2_NamingWhat()
    {
        var app = _temp.Combine("broken.yaml");
        await File.WriteAllTextAsync(app, "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  app:\n    imagee: nginx\n");

        var broken = await CliRunner.RunAsync(Offline, "render", "-f", app);
        var gateway = await CliRunner.RunAsync(Offline, "render", "-f", app, "--gateway", "no-slash");
        var target = await CliRunner.RunAsync(Offline, "render", "-f", app, "--target", "nomad");

        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("broken.yaml:6:5: containers.app.imagee: unknown field 'imagee'", broken.Stderr);
        Assert.Equal(2, gateway.ExitCode);
        Assert.Contains("--gateway: 'no-slash' is not NAMESPACE/NAME", gateway.Stderr);
        Assert.Equal(2, target.ExitCode);
        Assert.Contains("--target", target.Stderr);
    }

    public void Dispose() => _temp.Dispose();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gantry.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the tests do not run from inside the repository");
    }
}
