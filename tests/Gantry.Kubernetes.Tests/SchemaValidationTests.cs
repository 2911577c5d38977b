namespace Gantry.Kubernetes.Tests;

/// <summary>
/// The rendered manifests validate with the npm packages kubernetes-models and @kubernetes-models/gateway-api
/// (required fields, shapes), run with Node from Validation/ (npm ci on first use; ./test.sh installs Node).
/// </summary>
public sealed class SchemaValidationTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("gantry-k8s-").FullName;

    public static TheoryData<string, string> Apps => TestApps.All;

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task EveryRenderedObject_ValidatesWithKubernetesModels(string folder, string entry)
    {
        var files = ManifestRenderer.ToFiles(TestApps.Render(folder, entry));
        foreach (var (name, yaml) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(_temp, name), yaml);
        }

        var (exit, output) = await RunNodeAsync(_temp);

        Assert.True(exit == 0, output);
        Assert.Equal(files.Count, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    public static TheoryData<string> ImportedComposeFiles => ComposeCorpusApps.Imported();

    [Theory]
    [MemberData(nameof(ImportedComposeFiles))]
    public async Task EveryImportedRealComposeFile_RendersObjectsThatValidate(string file)
    {
        var (app, appFiles) = ComposeCorpusApps.Load(file);
        var files = ManifestRenderer.ToFiles(ManifestRenderer.Render(app, new RenderOptions { CredentialsKey = TestApps.CredentialsKey }, appFiles));
        foreach (var (name, yaml) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(_temp, name), yaml);
        }

        var (exit, output) = await RunNodeAsync(_temp);

        Assert.True(exit == 0, output);
        Assert.Equal(files.Count, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Equal(app.Workloads.Length, files.Count(f => f.File.Contains("-deployment-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnOperatorsRender_Validates_ItsCustomResourcesByTheirShape()
    {
        var options = new RenderOptions { Operators = new HashSet<string>(RenderOptions.KnownOperators) };
        var files = ManifestRenderer.ToFiles(TestApps.Render(TestApps.Orders, "gantry.yaml", options));
        foreach (var (name, yaml) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(_temp, name), yaml);
        }

        var (exit, output) = await RunNodeAsync(_temp);

        Assert.True(exit == 0, output);
        Assert.Contains("postgresql.cnpg.io/v1/Cluster orders-db", output);
        Assert.Contains("rabbitmq.com/v1beta1/RabbitmqCluster web-queue", output);
    }

    [Fact]
    public async Task AJobsCronJobs_ValidateWithKubernetesModels()
    {
        var files = ManifestRenderer.ToFiles(TestApps.Render(TestApps.Reports, "gantry.yaml"));
        foreach (var (name, yaml) in files.Where(f => f.File.Contains("-cronjob-", StringComparison.Ordinal)))
        {
            await File.WriteAllTextAsync(Path.Combine(_temp, name), yaml);
        }

        var (exit, output) = await RunNodeAsync(_temp);

        Assert.True(exit == 0, output);
        Assert.Contains("batch/v1/CronJob cleanup", output);
        Assert.Contains("batch/v1/CronJob digest", output);
    }

    [Fact]
    public async Task TheValidator_RefusesACronJobWithoutASchedule()
    {
        var file = Path.Combine(_temp, "bad.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: []\n");

        var (exit, output) = await RunNodeAsync(file);

        Assert.Equal(1, exit);
        Assert.Contains("must have required property schedule", output);
    }

    [Fact]
    public async Task TheValidator_RefusesACloudNativePgClusterWithoutItsStorage()
    {
        var file = Path.Combine(_temp, "bad.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: x\n  namespace: y\nspec:\n  instances: 1\n  imageName: pg\n");

        var (exit, output) = await RunNodeAsync(file);

        Assert.Equal(1, exit);
        Assert.Contains("spec.storage.size must be a string", output);
    }

    [Fact]
    public async Task TheValidator_RefusesADeploymentWithoutASelector()
    {
        var file = Path.Combine(_temp, "bad.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers: []\n");

        var (exit, output) = await RunNodeAsync(file);

        Assert.Equal(1, exit);
        Assert.Contains("must have required property selector", output);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static Task<(int Exit, string Output)> RunNodeAsync(string target) => KubernetesModelsValidator.ValidateAsync(target);
}
