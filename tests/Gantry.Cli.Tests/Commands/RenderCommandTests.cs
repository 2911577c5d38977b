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
        var sample = Path.Combine(Repository.Root, "samples", "hello", "gantry.yaml");
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
    public async Task AnEnvironmentResource_ReadsTheCommandsEnvironment_IntoTheWorkloadsSecret_AndAMissingKeyExits2()
    {
        var score = _temp.Combine("env-app", "score.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(score)!);
        await File.WriteAllTextAsync(score, """
            apiVersion: score.dev/v1b1
            metadata:
              name: billing
            containers:
              main:
                image: ghcr.io/acme/billing:1.0
                variables:
                  STRIPE_KEY: ${resources.env.STRIPE_KEY}
                  MODE: live
            resources:
              env:
                type: environment
            """);

        var rendered = await CliRunner.RunAsync(new Dictionary<string, string>(Offline) { ["STRIPE_KEY"] = "sk_test_9f8e7d6c" }, "render", "-f", score);
        var missing = await CliRunner.RunAsync(Offline, "render", "-f", score);

        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        var secret = rendered.Stdout[rendered.Stdout.IndexOf("kind: Secret", StringComparison.Ordinal)..];
        Assert.Contains("STRIPE_KEY: sk_test_9f8e7d6c", secret[..secret.IndexOf("---", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("score.yaml:8:19: containers.main.variables.STRIPE_KEY: environment resource 'env' has no value for STRIPE_KEY; set it in the environment of 'gantry render'",
            missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToStdout_ItIsOneYamlStream()
    {
        var result = await CliRunner.RunAsync(Offline, "render", "-f", Path.Combine(Repository.Root, "samples", "hello", "gantry.yaml"));

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

    [Fact]
    public async Task AnAppWithResources_RendersTheirServers_TheSamePasswordsWithAKeyFile_AndAnUnrenderedTypeExits2()
    {
        var orders = Path.Combine(Repository.Root, "tests", "Gantry.Kubernetes.Tests", "Apps", "orders", "gantry.yaml");
        var key = _temp.Combine("render.key");
        await File.WriteAllTextAsync(key, "a-key-only-the-platform-team-has\n");

        var first = await CliRunner.RunAsync(Offline, "render", "-f", orders, "--credentials-key-file", key);
        var second = await CliRunner.RunAsync(Offline, "render", "-f", orders, "--credentials-key-file", key);
        var unkeyed = await CliRunner.RunAsync(Offline, "render", "-f", orders);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("kind: StatefulSet", first.Stdout);
        Assert.Contains("image: postgres:16", first.Stdout);
        Assert.Contains("secretKeyRef:", first.Stdout);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(0, unkeyed.ExitCode);
        Assert.NotEqual(first.Stdout, unkeyed.Stdout); // random passwords without the key

        var missing = await CliRunner.RunAsync(Offline, "render", "-f", orders, "--credentials-key-file", _temp.Combine("nope.key"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--credentials-key-file:", missing.Stderr);

        var unknownOperator = await CliRunner.RunAsync(Offline, "render", "-f", orders, "--operator", "zalando");
        Assert.Equal(2, unknownOperator.ExitCode);
        Assert.Contains("--operator: 'zalando' is not an operator Gantry renders for; known: cloudnative-pg, rabbitmq", unknownOperator.Stderr);
        var withOperator = await CliRunner.RunAsync(Offline, "render", "-f", orders, "--operator", "cloudnative-pg");
        Assert.True(withOperator.ExitCode == 0, withOperator.ToString());
        Assert.Contains("kind: Cluster", withOperator.Stdout);
        Assert.Contains("DB_HOST: orders-db-rw.orders-prod.svc", withOperator.Stdout);

        // Every built-in type renders; a param the cluster rendering does not apply stops it.
        var vector = _temp.Combine("vector.yaml");
        await File.WriteAllTextAsync(vector, "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  app:\n    image: nginx\n    variables:\n      DB: ${resources.db.host}\nresources:\n  db:\n    type: postgres\n    params:\n      extensions: [vector]\n");
        var refused = await CliRunner.RunAsync(Offline, "render", "-f", vector);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("vector.yaml cannot be rendered for Kubernetes:", refused.Stderr);
        Assert.Contains("params.extensions of type 'postgres'", refused.Stderr[refused.Stderr.IndexOf("Kubernetes:", StringComparison.Ordinal)..]);
    }

    public void Dispose() => _temp.Dispose();
}
