using Gantry.AppModel.Loading;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Tests.Loading;

namespace Gantry.AppModel.Tests.Provisioners;

/// <summary>
/// Each folder under Corpus/provisioners/broken holds one broken definition.yaml and expected.txt with lines
/// "definition.yaml:line:column: field", optionally followed by " ~ text the message contains".
/// </summary>
public sealed class BrokenDefinitionCorpusTests
{
    private static readonly string Corpus = TestApp.CorpusFolder("provisioners", "broken");

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
    public void Corpus_HasAtLeastThirtyBrokenDefinitions() => Assert.True(Cases().Count >= 30);

    [Fact]
    public void ValidSample_LoadsWithoutErrors()
    {
        var result = ProvisionerFiles.Load(TestApp.CorpusFolder("provisioners", "valid"));

        Assert.Empty(result.Errors);
        Assert.Equal("memo", Assert.Single(result.Definitions).Type);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_WhenDefinitionIsBroken_ReportsTheExpectedErrorAtItsExactPlace_AndWithdrawsItsType(string name)
    {
        var folder = Path.Combine(Corpus, name);

        var result = ProvisionerFiles.Load(folder);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Definitions);
        var errors = result.Errors.Select(e => e with { File = Path.GetFileName(e.File) }).ToList();
        var reported = string.Join("\n", errors);
        var expected = File.ReadAllLines(Path.Combine(folder, "expected.txt")).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(expected);
        foreach (var line in expected)
        {
            Assert.True(errors.Any(ExpectedError.Parse(line).Matches), $"expected {line}\nbut got:\n{reported}");
        }

        // Every broken file whose type can be read withdraws it (the built-in one it meant to replace is not served either).
        if (name is "missing-type" or "bad-type-name" or "built-in-type")
        {
            Assert.Empty(result.Refused);
        }
        else
        {
            var refused = Assert.Single(result.Refused);
            Assert.Equal(("memo", "default"), (refused.Type, refused.Class));
            Assert.Equal(Path.Combine(folder, "definition.yaml"), Assert.Single(refused.Sources));
            Assert.Equal<SpecError>(result.Errors, refused.Errors);
        }
    }
}
