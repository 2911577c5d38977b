using Bunit;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console.Shared;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>The release page's Build section: the commit a release came from, what its builds detected, and their output.</summary>
public sealed class BuildSummaryTests : BunitContext
{
    private static readonly ReleaseInfo Release = new(4, "Succeeded", true, "git main@8f3a2c1", "webhook (github)", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null)
    {
        Builds = new Dictionary<string, string> { ["web"] = "Python 3.11.7 (requirements.txt), started by python app.py", ["api"] = "Go 1.22 (go.mod)" },
        Commit = new CommitInfo("8f3a2c1d9e0b7a6f5e4d3c2b1a0f9e8d7c6b5a41", "Fix the header\n\nLonger story."),
    };

    [Fact]
    public void AReleaseFromGit_ShowsItsCommitsSubject_EachWorkloadsStack_AndTheBuildOutput()
    {
        var section = Render<BuildSummary>(p => p
            .Add(s => s.App, "shop")
            .Add(s => s.Release, Release)
            .Add(s => s.Log, "step 1/2: pip install\ndetected Python 3.11.7 (requirements.txt)\n"));

        Assert.Equal("From commit 8f3a2c1 Fix the header", section.Find("p.commit").TextContent);
        Assert.Equal(["api built as Go 1.22 (go.mod)", "web built as Python 3.11.7 (requirements.txt), started by python app.py"], section.FindAll("ul.builds li").Select(li => li.TextContent));
        Assert.Contains("detected Python 3.11.7", section.Find("pre.build-log").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Longer story", section.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnOutput_ItSaysWhy_AndALongOutputSaysHowToReadAllOfIt()
    {
        var none = Render<BuildSummary>(p => p.Add(s => s.App, "shop").Add(s => s.Release, Release with { Commit = null }));
        Assert.Empty(none.FindAll("p.commit"));
        Assert.Contains("No build output", none.Markup, StringComparison.Ordinal);

        var cut = Render<BuildSummary>(p => p.Add(s => s.App, "shop").Add(s => s.Release, Release).Add(s => s.Log, "…end").Add(s => s.Truncated, true));
        Assert.Contains("gantry builds logs shop --release 4", cut.Markup, StringComparison.Ordinal);
    }
}
