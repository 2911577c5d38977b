using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Loading;

/// <summary>
/// Each folder under Corpus/broken is a broken app: its entry file (gantry.yaml, else score.yaml), what it references,
/// and expected.txt with lines "file:line:column: field", optionally followed by " ~ text the message contains".
/// </summary>
public sealed class BrokenCorpusTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Corpus", "broken");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(Corpus).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastTwentyFiveBrokenApps() => Assert.True(Cases().Count >= 25);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_WhenAppIsBroken_ReportsTheExpectedErrorAtItsExactPlace(string name)
    {
        var folder = Path.Combine(Corpus, name);
        var entry = File.Exists(Path.Combine(folder, "gantry.yaml")) ? "gantry.yaml" : "score.yaml";

        var result = AppLoader.Load(new DirectoryAppFiles(folder), entry);

        Assert.False(result.Succeeded);
        Assert.Null(result.App);
        var reported = string.Join("\n", result.Errors);
        foreach (var line in File.ReadAllLines(Path.Combine(folder, "expected.txt")).Where(l => l.Trim().Length > 0))
        {
            var expected = ExpectedError.Parse(line);
            Assert.True(result.Errors.Any(expected.Matches), $"expected {line}\nbut got:\n{reported}");
        }
    }
}
