using Bunit;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console.Shared;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>Health at a glance and "why is it unhealthy".</summary>
public sealed class HealthSummaryTests : BunitContext
{
    [Theory]
    [InlineData("healthy", "ok")]
    [InlineData("progressing", "busy")]
    [InlineData("degraded", "warn")]
    [InlineData("failed", "bad")]
    [InlineData("stopped", "idle")]
    public void TheBadge_SaysTheHealthInWords_AndColoursIt(string health, string css)
    {
        var badge = Render<HealthBadge>(p => p.Add(b => b.Health, health));

        var span = badge.Find("span.badge");
        Assert.Equal(health, span.TextContent);
        Assert.Contains(css, span.ClassList);
        Assert.False(string.IsNullOrEmpty(span.GetAttribute("title")));
    }

    [Fact]
    public void Reasons_NameTheFailedRelease_AndEachInstanceThatIsNotReady_WithItsEvidence()
    {
        var now = DateTimeOffset.UtcNow;
        var detail = new AppDetail(
            new AppSummary("shop", 1, 1, "degraded", 1, 2, [], now),
            "container",
            new ReleaseInfo(2, "Failed", false, "deploy", "cli", now, now, "not ready after 60s: GET /healthz → 500"),
            [],
            [
                Instance("shop-web-1-aaaa", ready: true, exit: null, probe: null),
                Instance("shop-web-1-bbbb", ready: false, exit: new ExitInfo(137, "SIGKILL", true, now, "killed by SIGKILL"), probe: "GET /healthz → 500"),
            ]);

        var reasons = UnhealthyReasons.For(detail);
        var rendered = Render<WhyUnhealthy>(p => p.Add(w => w.Reasons, reasons));

        Assert.Equal(2, reasons.Count);
        Assert.Contains("release 2 failed", rendered.Markup);
        Assert.Contains("not ready after 60s: GET /healthz → 500", rendered.Markup);
        Assert.Contains("instance shop-web-1-bbbb is crashloopbackoff, not ready", rendered.Markup);
        Assert.Contains("OOM-killed", rendered.Markup);
        Assert.Contains("last probe: GET /healthz → 500", rendered.Markup);
        Assert.Contains("out of memory", rendered.Find("pre").TextContent);
        Assert.DoesNotContain("shop-web-1-aaaa", rendered.Markup);
    }

    [Fact]
    public void AHealthyApp_HasNoReasons_AndShowsNothing()
    {
        var now = DateTimeOffset.UtcNow;
        var detail = new AppDetail(new AppSummary("shop", 1, 1, "healthy", 1, 1, [], now), "process",
            new ReleaseInfo(1, "Succeeded", true, "deploy", "cli", now, now, null), [], [Instance("shop-web-1-aaaa", true, null, null)]);

        Assert.Empty(UnhealthyReasons.For(detail));
        Assert.Empty(Render<WhyUnhealthy>(p => p.Add(w => w.Reasons, UnhealthyReasons.For(detail))).Markup.Trim());
    }

    private static InstanceInfo Instance(string id, bool ready, ExitInfo? exit, string? probe) => new(
        id, "web", 1, ready ? "Running" : "CrashLoopBackOff", ready, null, new Dictionary<string, int>(), ready ? 0 : 3, exit, probe,
        DateTimeOffset.UtcNow, ready ? null : DateTimeOffset.UtcNow.AddSeconds(4), ready ? [] : ["allocating", "out of memory"]);
}
