using System.Text;
using Gantry.AppModel.Compose;
using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Compose;

/// <summary>
/// Each real compose file of Compose/Corpus is imported and loaded as <c>gantry deploy -f</c> would (beside its
/// project's checkout where the corpus has one); the outcome (the
/// workloads made, every note of the report, or the errors that refuse it) must equal its <c>.expected.txt</c>.
/// GANTRY_UPDATE_SNAPSHOTS=1 rewrites the expected files, to be read in review before they are committed.
/// </summary>
public sealed class ComposeCorpusTests
{
    private static string Corpus => Path.Combine(TestApp.RepositoryRoot(), "tests", "Gantry.AppModel.Tests", "Compose", "Corpus");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Corpus, "*.compose.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_HoldsAtLeastTwentyFiveRealComposeFiles() => Assert.True(Files().Count >= 25);

    [Theory]
    [MemberData(nameof(Files))]
    public void Import_OfARealComposeFile_GivesTheExpectedAppOrTheExpectedRefusal(string file)
    {
        var options = AppLoadOptions.Local with { Compose = new ComposeImportOptions(ProjectName: file.Replace(".compose.yaml", "")) };

        var result = AppLoader.Load(FilesOf(file), file, options);

        var outcome = Describe(result);
        var expectedFile = Path.Combine(Corpus, file.Replace(".compose.yaml", ".expected.txt"));
        if (Environment.GetEnvironmentVariable("GANTRY_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(expectedFile, outcome);
        }

        Assert.True(File.Exists(expectedFile), $"{expectedFile} is missing; outcome:\n{outcome}");
        Assert.Equal(File.ReadAllText(expectedFile), outcome);
        Assert.All(result.Errors, e => Assert.True(e.Line > 0 && e.Field.Length > 0 || e.File != file, $"not located: {e}"));
    }

    /// <summary>
    /// The compose file, with its project's checkout when the corpus has one (<c>STEM.checkout/</c>: the .env file, env
    /// files, build folders and mounted files that sit beside the compose file in the project's repository).
    /// </summary>
    private static IAppFiles FilesOf(string file)
    {
        var checkout = Path.Combine(Corpus, file.Replace(".compose.yaml", ".checkout"));
        if (!Directory.Exists(checkout))
        {
            return new DirectoryAppFiles(Corpus);
        }

        var files = Directory.GetFiles(checkout, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(checkout, f).Replace('\\', '/'), File.ReadAllText);
        files[file] = File.ReadAllText(Path.Combine(Corpus, file));
        var folders = Directory.GetDirectories(checkout, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(checkout, d).Replace('\\', '/'));
        return new InMemoryAppFiles(files, folders.ToHashSet());
    }

    private static string Describe(AppLoadResult result)
    {
        var text = new StringBuilder();
        if (result.App is { } app)
        {
            text.AppendLine($"imported: app {app.Name}, {app.Workloads.Length} workloads");
            foreach (var workload in app.Workloads)
            {
                var container = workload.Containers[0];
                var image = container.BuildsFromSource ? $"built from '{container.BuildContext}'" : container.Image;
                var routes = string.Join(", ", workload.Routes.Select(r => $"{r.Host}{r.Path} -> {r.TargetPort}"));
                text.AppendLine($"  {workload.Name}: {image}; {container.Variables.Count} variables, {container.Volumes.Length} volumes, {container.Files.Length} files"
                    + (routes.Length > 0 ? $"; route {routes}" : "")
                    + (container.ReadinessProbe is { HttpGet: { } http } ? $"; http probe {http.Port}{http.Path}" : container.ReadinessProbe is not null ? "; exec probe" : ""));
            }
        }
        else
        {
            text.AppendLine("refused:");
            foreach (var error in result.Errors)
            {
                text.AppendLine($"  {error}");
            }
        }

        foreach (var warning in result.Warnings)
        {
            text.AppendLine($"  note: {warning}");
        }

        return text.ToString();
    }
}
