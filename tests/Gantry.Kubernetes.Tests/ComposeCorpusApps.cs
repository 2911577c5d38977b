using Gantry.AppModel.Compose;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;

namespace Gantry.Kubernetes.Tests;

/// <summary>The app model's corpus of real compose files, loaded for a cluster as <c>gantry render -f compose.yaml</c> would.</summary>
internal static class ComposeCorpusApps
{
    private static string Corpus => Path.Combine(TestApps.RepositoryRoot(), "tests", "Gantry.AppModel.Tests", "Compose", "Corpus");

    /// <summary>The corpus files that import (their expected outcome says so), by file name.</summary>
    public static TheoryData<string> Imported()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Corpus, "*.compose.yaml").Order(StringComparer.Ordinal))
        {
            var expected = Path.ChangeExtension(file, null).Replace(".compose", ".expected.txt", StringComparison.Ordinal);
            if (File.ReadAllText(expected).StartsWith("imported:", StringComparison.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    public static (AppSpec App, IAppFiles Files) Load(string file)
    {
        var files = FilesOf(file);
        var options = ClusterCatalog.LoadOptions with { Compose = new ComposeImportOptions(file.Replace(".compose.yaml", "", StringComparison.Ordinal)) };
        var result = AppLoader.Load(files, file, options);
        Assert.True(result.App is not null, string.Join("\n", result.Errors));
        return (result.App!, files);
    }

    /// <summary>The compose file with its project's checkout beside it, where the corpus has one (STEM.checkout/).</summary>
    private static IAppFiles FilesOf(string file)
    {
        var checkout = Path.Combine(Corpus, file.Replace(".compose.yaml", ".checkout", StringComparison.Ordinal));
        if (!Directory.Exists(checkout))
        {
            return new DirectoryAppFiles(Corpus);
        }

        var files = Directory.GetFiles(checkout, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(checkout, f), File.ReadAllText);
        files[file] = File.ReadAllText(Path.Combine(Corpus, file));
        return new InMemoryAppFiles(files, Directory.GetDirectories(checkout, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(checkout, d)).ToHashSet());
    }
}
