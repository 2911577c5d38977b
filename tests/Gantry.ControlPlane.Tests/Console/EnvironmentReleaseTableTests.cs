using Bunit;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console.Shared;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>The app page's Environments table: each environment release with where it came from and how it went.</summary>
public sealed class EnvironmentReleaseTableTests : BunitContext
{
    [Fact]
    public void EachRelease_ShowsItsEnvironmentOriginAndOutcome_WithTheReason()
    {
        var now = DateTimeOffset.UtcNow;
        var table = Render<EnvironmentReleaseTable>(p => p.Add(t => t.Releases,
        [
            new EnvironmentReleaseInfo("shop", "prod", 2, "staging release 4", "RolledBack", "deployment/api: progress deadline exceeded; rolled back to release 1", null, "cli", now, now),
            new EnvironmentReleaseInfo("shop", "staging", 4, "local release 7", "Succeeded", "committed 3f2a9c1d0b4e to apps/shop/staging on main", "3f2a9c1d0b4e", "cli", now.AddMinutes(-5), now),
        ]));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal("prod", rows[0].GetAttribute("data-environment"));
        Assert.Contains("staging release 4", rows[0].TextContent);
        var outcome = rows[0].QuerySelector("td[data-label=Outcome]")!;
        Assert.Contains("failed", outcome.ClassList);
        Assert.Contains("rolled back to release 1", outcome.TextContent);
        Assert.Contains("succeeded", rows[1].QuerySelector("td[data-label=Outcome]")!.ClassList);
        Assert.Contains("5 min", rows[1].QuerySelector("time")!.TextContent);
    }
}
