using Gantry.AppModel.Placeholders;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Tests.Placeholders;

public sealed class PlaceholderExpanderTests
{
    private sealed class Upper : IPlaceholderResolver
    {
        public List<PlaceholderReference> Seen { get; } = [];

        public PlaceholderResolution Resolve(PlaceholderReference reference)
        {
            Seen.Add(reference);
            return reference.Text == "bad" ? PlaceholderResolution.Fail("no such thing") : PlaceholderResolution.Of(reference.Text.ToUpperInvariant());
        }
    }

    private static (string? Text, string[] Errors) Expand(string text, Upper? resolver = null)
    {
        var errors = new ErrorList();
        var expanded = PlaceholderExpander.Expand(new YamlScalar(text, false, null, 4, 9), "x", errors.For("f.yaml"), resolver ?? new Upper());
        return (expanded, errors.ToImmutable().Select(e => e.ToString()).ToArray());
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("${a.b}", "A.B")]
    [InlineData("x=${a}, y=${b}!", "x=A, y=B!")]
    [InlineData("$${a}", "${a}")]
    [InlineData("$$${a}", "$${a}")]
    [InlineData("costs $5 and $$6", "costs $5 and $$6")]
    [InlineData("$", "$")]
    public void Expand_WhenTextHasPlaceholders_ReplacesThem(string text, string expected)
    {
        var (expanded, errors) = Expand(text);

        Assert.Empty(errors);
        Assert.Equal(expected, expanded);
    }

    [Fact]
    public void Expand_WhenAPlaceholderFails_ReportsItAtTheStringAndReturnsNull()
    {
        var (expanded, errors) = Expand("a ${bad} b");

        Assert.Null(expanded);
        Assert.Equal(["f.yaml:4:9: x: no such thing (in '${bad}')"], errors);
    }

    [Fact]
    public void Expand_WhenAPlaceholderIsNotClosed_ReportsIt()
    {
        var (expanded, errors) = Expand("a ${b");

        Assert.Null(expanded);
        Assert.Contains("not closed", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenADotIsEscaped_KeepsItInsideThePart()
    {
        var reference = PlaceholderReference.Parse(@"metadata.annotations.example\.com/team");

        Assert.Equal<string>(["metadata", "annotations", "example.com/team"], reference.Parts);
    }
}
