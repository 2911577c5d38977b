using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;

namespace Gantry.Kubernetes.Tests;

/// <summary>The apps the rendering tests use: the bundled sample, a two-workload shop, an app with postgres, mysql, redis and amqp resources, one with the container-only types, one with scheduled jobs, and Score's own full example.</summary>
internal static class TestApps
{
    public static string Hello => Path.Combine(RepositoryRoot(), "samples", "hello");

    public static string Shop => Path.Combine(AppContext.BaseDirectory, "Apps", "shop");

    /// <summary>Two workloads with postgres (shared by id), mysql, redis and amqp resources.</summary>
    public static string Orders => Path.Combine(AppContext.BaseDirectory, "Apps", "orders");

    /// <summary>Snapshots need the same passwords on every render: derived from this key.</summary>
    public const string CredentialsKey = "test-credentials-key";

    /// <summary>One workload with the types served only by containers on one machine: mongodb, kafka-topic, elasticsearch, mssql.</summary>
    public static string Catalog => Path.Combine(AppContext.BaseDirectory, "Apps", "catalog");

    /// <summary>A web workload with a sidecar and two scheduled jobs: one with every field, one with the defaults.</summary>
    public static string Reports => Path.Combine(AppContext.BaseDirectory, "Apps", "reports");

    /// <summary><c>score-full.yaml</c> from the Score specification (a copy in the app model's corpus, with the file it names).</summary>
    public static string ScoreFull => Path.Combine(RepositoryRoot(), "tests", "Gantry.AppModel.Tests", "Corpus", "valid", "score-full");

    public static TheoryData<string, string> All => new()
    {
        { Hello, "gantry.yaml" },
        { Shop, "gantry.yaml" },
        { Orders, "gantry.yaml" },
        { Catalog, "gantry.yaml" },
        { Reports, "gantry.yaml" },
        { ScoreFull, "score.yaml" },
    };

    public static AppSpec Load(string folder, string entry)
    {
        var result = AppLoader.Load(new DirectoryAppFiles(folder), entry, ClusterCatalog.LoadOptions);
        Assert.True(result.App is not null, string.Join("\n", result.Errors));
        return result.App!;
    }

    public static IReadOnlyList<object> Render(string folder, string entry, RenderOptions? options = null) =>
        ManifestRenderer.Render(Load(folder, entry), options ?? new RenderOptions { CredentialsKey = CredentialsKey }, new DirectoryAppFiles(folder));

    public static string RepositoryRoot()
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
