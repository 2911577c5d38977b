using System.Collections.Immutable;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;

namespace Gantry.AppModel.Tests.Provisioners;

public sealed class StepRendererTests
{
    private static readonly TemplateValues Values = TemplateValues.Empty
        .With("resource.username", "shop")
        .With("resource.password", "pw123", secret: true)
        .WithList("params.extensions", ["pgcrypto", "vector"])
        .WithList("params.none", []);

    private static StepDefinition Step(string? forEach = null, string? stdin = "{{ resource.password }}") => new(
        ["tool", "--user", "{{ resource.username }}", "{{ item }}"],
        ImmutableDictionary<string, string>.Empty.Add("PASSWORD", "{{ resource.password }}"),
        stdin,
        forEach,
        "postgres",
        TimeSpan.FromSeconds(5));

    [Fact]
    public void Render_WithForEach_GivesOneStepPerItem_WithItemSet()
    {
        var steps = StepRenderer.Render(Step("params.extensions"), Values);

        Assert.Equal(2, steps.Length);
        Assert.Equal<string>(["tool", "--user", "shop", "pgcrypto"], steps[0].Command);
        Assert.Equal<string>(["tool", "--user", "shop", "vector"], steps[1].Command);
        Assert.All(steps, s => Assert.Equal("pw123", s.Environment["PASSWORD"]));
        Assert.All(steps, s => Assert.Equal("postgres", s.User));
        Assert.All(steps, s => Assert.Equal(TimeSpan.FromSeconds(5), s.Timeout));
    }

    [Fact]
    public void Render_WithForEachOverAnEmptyList_GivesNoStep() =>
        Assert.Empty(StepRenderer.Render(Step("params.none"), Values));

    [Fact]
    public void Render_ListsTheSecretsTheStepHolds_ForScrubbingItsOutput()
    {
        var withSecret = Assert.Single(StepRenderer.Render(Step() with { Command = ["tool"] }, Values));
        var without = Assert.Single(StepRenderer.Render(Step(stdin: null) with { Command = ["tool"], Environment = ImmutableDictionary<string, string>.Empty }, Values));

        Assert.Equal<string>(["pw123"], withSecret.Secrets);
        Assert.Equal("pw123", withSecret.Stdin);
        Assert.Empty(without.Secrets);
        Assert.Null(without.Stdin);
    }

    [Fact]
    public void Render_ItemOutsideForEach_ThrowsNamingItem()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StepRenderer.Render(Step(), Values));

        Assert.Contains("'item'", error.Message, StringComparison.Ordinal);
    }
}
