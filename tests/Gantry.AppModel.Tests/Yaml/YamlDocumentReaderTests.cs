using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Tests.Yaml;

public sealed class YamlDocumentReaderTests
{
    private static (YamlValue? Root, string[] Errors) Read(string text)
    {
        var errors = new ErrorList();
        var root = YamlDocumentReader.Read(text, errors.For("f.yaml"));
        return (root, errors.ToImmutable().Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void Read_WhenKeysRepeat_ReportsEachDuplicateAndKeepsTheFirstValue()
    {
        var (root, errors) = Read("a: 1\nb: 2\na: 3\nb: 4\n");

        Assert.Equal(
            [
                "f.yaml:3:1: a: duplicate key 'a' (first defined at line 1, column 1)",
                "f.yaml:4:1: b: duplicate key 'b' (first defined at line 2, column 1)",
            ],
            errors);
        Assert.Equal("1", Assert.IsType<YamlScalar>(Assert.IsType<YamlMap>(root).Get("a")).Value);
    }

    [Fact]
    public void Read_WhenNodesArePlaced_KeepsOneBasedLinesAndColumns()
    {
        var (root, _) = Read("top:\n  - name: x\n    value: [1, 2]\n");

        var item = Assert.IsType<YamlMap>(Assert.IsType<YamlList>(Assert.IsType<YamlMap>(root).Get("top")).Items[0]);
        var value = Assert.IsType<YamlList>(item.Get("value"));
        Assert.Equal((3, 12), (value.Line, value.Column));
        Assert.Equal((3, 16), (value.Items[1].Line, value.Items[1].Column));
    }

    [Fact]
    public void Read_WhenAnAliasIsUsed_ResolvesItToTheAnchoredNode()
    {
        var (root, errors) = Read("base: &b {x: 1}\ncopy: *b\n");

        Assert.Empty(errors);
        Assert.Same(Assert.IsType<YamlMap>(root).Get("base"), ((YamlMap)root!).Get("copy"));
    }

    [Fact]
    public void Read_WhenAnAliasHasNoAnchor_ReportsIt()
    {
        var (_, errors) = Read("a:\n  b: *missing\n");

        Assert.Equal(["f.yaml:2:6: a.b: unknown alias '*missing': no anchor '&missing' is defined before it"], errors);
    }

    [Fact]
    public void Read_WhenAliasesExpandExponentially_StopsWithAnError()
    {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 0; i < 8; i++)
        {
            var name = (char)('b' + i);
            var previous = (char)('a' + i);
            text += $"{name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 10))}]\n";
        }

        var (root, errors) = Read(text);

        Assert.Null(root);
        Assert.Contains("more than 100000 nodes", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenNestingIsTooDeep_StopsWithAnError()
    {
        var (root, errors) = Read(new string('[', 1000) + new string(']', 1000));

        Assert.Null(root);
        Assert.Contains("nesting is deeper than 64 levels", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WhenAKeyIsAList_ReportsIt()
    {
        var (_, errors) = Read("? [a, b]\n: c\nd: e\n");

        Assert.Equal(["f.yaml:1:3: a key must be a plain string, not a list"], errors);
    }

    [Fact]
    public void Read_WhenTextStartsWithAByteOrderMark_IgnoresIt()
    {
        var (root, errors) = Read("\uFEFFname: x\n");

        Assert.Empty(errors);
        Assert.NotNull(Assert.IsType<YamlMap>(root).Get("name"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# just a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void Read_WhenThereIsNoContent_SaysTheFileIsEmpty(string text)
    {
        var (root, errors) = Read(text);

        Assert.Null(root);
        Assert.Equal(["f.yaml:1:1: the file is empty"], errors);
    }

    [Theory]
    [InlineData("a: 1\n  b: 2\n", 2)]
    [InlineData("a:\n\tb: 1\n", 2)]
    [InlineData("a: {b: 1\n", 2)]
    [InlineData("a: 'x\n", 1)]
    [InlineData("a: [1, 2\nb: 3\n", 1)]
    public void Read_WhenYamlIsMalformed_ReportsOneErrorOnTheRightLine(string text, int line)
    {
        var errors = new ErrorList();

        var root = YamlDocumentReader.Read(text, errors.For("f.yaml"));

        Assert.Null(root);
        Assert.Equal(line, Assert.Single(errors.ToImmutable()).Line);
    }
}
