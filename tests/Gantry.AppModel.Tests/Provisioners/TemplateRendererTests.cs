using Gantry.AppModel.Provisioners.Templates;

namespace Gantry.AppModel.Tests.Provisioners;

public sealed class TemplateRendererTests
{
    private static readonly TemplateValues Values = TemplateValues.Empty
        .With("app", "shop")
        .With("resource.key", "shop.web.db")
        .With("service.port", "5432")
        .WithList("params.extensions", ["pgcrypto", "vector"])
        .WithList("params.none", []);

    [Theory]
    [InlineData("{{ app }}", "shop")]
    [InlineData("{{app}}", "shop")]
    [InlineData("{{   resource.key  }}", "shop.web.db")]
    [InlineData("host:{{ service.port }}/{{ app }}", "host:5432/shop")]
    [InlineData("no templates at all", "no templates at all")]
    [InlineData("", "")]
    public void Render_ReplacesEachPathWithItsValue_WithOrWithoutSpaces(string template, string expected) =>
        Assert.Equal(expected, TemplateRenderer.Render(template, Values));

    [Theory]
    [InlineData("{{{{ app }}", "{{ app }}")]
    [InlineData("{{{{{{ app }}", "{{shop")]
    [InlineData("a }} b", "a }} b")]
    [InlineData("{ app }", "{ app }")]
    [InlineData("${HOME} and $1", "${HOME} and $1")]
    public void Render_WritesLiteralBraces_WhenDoubled(string template, string expected) =>
        Assert.Equal(expected, TemplateRenderer.Render(template, Values));

    [Fact]
    public void Render_JoinsAListWithCommas_AndAnEmptyListAsNothing()
    {
        Assert.Equal("pgcrypto,vector", TemplateRenderer.Render("{{ params.extensions }}", Values));
        Assert.Equal("[]", TemplateRenderer.Render("[{{ params.none }}]", Values));
    }

    [Fact]
    public void Render_WhenAPathHasNoValue_ThrowsNamingThePath()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TemplateRenderer.Render("x {{ resource.password }}", Values));

        Assert.Contains("'resource.password'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ app")]
    [InlineData("{{ two words }}")]
    [InlineData("{{ }}")]
    [InlineData("{{ app. }}")]
    public void Render_WhenATemplateIsMalformed_Throws(string template) =>
        Assert.Throws<InvalidOperationException>(() => TemplateRenderer.Render(template, Values));

    [Fact]
    public void WithParams_RendersEveryDeclaredParam_AndMissingOnesEmpty()
    {
        var values = TemplateValues.Empty.WithParams(
            [new("extensions", "list", ""), new("size", "string", ""), new("unset", "string", "")],
            new Dictionary<string, System.Collections.Immutable.ImmutableArray<string>> { ["extensions"] = ["a", "b"], ["size"] = ["small"] });

        Assert.Equal("a,b|small|", TemplateRenderer.Render("{{ params.extensions }}|{{ params.size }}|{{ params.unset }}", values));
        Assert.Equal<string>(["a", "b"], values.Items("params.extensions")!.Value);
    }

    [Fact]
    public void SecretValues_ListsOnlyValuesMarkedSecret()
    {
        var values = TemplateValues.Empty.With("resource.password", "s3cret", secret: true).With("resource.username", "shop").With("service.empty", "", secret: true);

        Assert.Equal(["s3cret"], values.SecretValues);
    }
}
