using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Loading;

/// <summary>Whatever bytes arrive, loading answers with errors and never throws.</summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string> Garbage() =>
    [
        "", " ", "\0", "\t", "---", "...", "[", "{", "]", "}", "- - -", "&a [*a]", "a: *a", "? [x]\n: y", "!!binary AAAA",
        "key: !!int abc", "%YAML 9.9\n---\na: 1", "a: |\n\tb", "\"unterminated", "a:\n- b\n c: d", ":\n:\n:", "apiVersion:",
        "apiVersion: score.dev/v1b1", "apiVersion: score.dev/v1b1\nmetadata: []\ncontainers: []\nresources: 5\nservice: x",
        "name: x\nworkloads:\n  - score: [a]\n  - score:\n  - 3", "containers:\n  x:\n    image: .\n    files: [1]\n    volumes: {a: 1}",
        "\uFEFF\uFEFF", "a: \"\\u\"", "*", "&", "!", "|", ">", "@", "`", "a: b\n--- \n- c",
        new string('{', 200), new string('-', 5000), string.Concat(Enumerable.Repeat("- ", 300)) + "x",
    ];

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Load_WhenEntryIsGarbage_ReportsErrorsWithoutThrowing(string text)
    {
        foreach (var entry in new[] { "score.yaml", "gantry.yaml" })
        {
            var result = TestApp.Load(entry, (entry, text));

            Assert.False(result.Succeeded);
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
        }
    }

    [Fact]
    public void Load_WhenValidFilesAreRandomlyDamaged_NeverThrows()
    {
        var corpus = TestApp.CorpusFolder("valid", "two-workloads");
        var originals = Directory.GetFiles(corpus, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(corpus, f).Replace('\\', '/'), File.ReadAllText);
        var random = new Random(20240601);
        const string Alphabet = " \t\n:-[]{}'\"#&*!|>$%@,?abc0123456789${}.";

        for (var round = 0; round < 400; round++)
        {
            var files = new Dictionary<string, string>(originals);
            var path = files.Keys.ElementAt(random.Next(files.Count));
            var chars = files[path].ToList();
            for (var edit = random.Next(1, 4); edit > 0 && chars.Count > 0; edit--)
            {
                var at = random.Next(chars.Count);
                if (random.Next(2) == 0)
                {
                    chars.RemoveAt(at);
                }
                else
                {
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                }
            }

            files[path] = new string([.. chars]);
            var result = AppLoader.Load(new InMemoryAppFiles(files), "gantry.yaml");

            Assert.True(result.Succeeded || !result.Errors.IsEmpty);
        }
    }
}
