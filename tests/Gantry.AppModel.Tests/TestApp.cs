using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests;

/// <summary>Loads apps written inline in tests, and finds files the tests ship.</summary>
internal static class TestApp
{
    public const string Web = """
        apiVersion: score.dev/v1b1
        metadata:
          name: web
        containers:
          app:
            image: nginx

        """;

    public static AppLoadResult Load(string entry, params (string Path, string Text)[] files) =>
        AppLoader.Load(new InMemoryAppFiles(files.ToDictionary(f => f.Path, f => f.Text)), entry);

    /// <summary>Loads a lone Score file named score.yaml.</summary>
    public static AppLoadResult LoadScore(string score) => Load("score.yaml", ("score.yaml", score));

    public static string CorpusFolder(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Corpus", .. parts]);

    /// <summary>The repository's root folder, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Gantry.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Gantry.slnx not found above " + AppContext.BaseDirectory);
    }

    public static string Describe(AppLoadResult result) => string.Join("\n", result.Errors);
}
