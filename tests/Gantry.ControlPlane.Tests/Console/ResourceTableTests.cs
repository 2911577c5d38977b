using Bunit;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console.Shared;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>The app page's Resources table: what each resource is, where it lives and how it is; never its outputs.</summary>
public sealed class ResourceTableTests : BunitContext
{
    [Fact]
    public void EachResource_ShowsItsNamesTypeServerAndStatus_AndNoOutput()
    {
        var now = DateTimeOffset.UtcNow;
        var table = Render<ResourceTable>(p => p.Add(t => t.Resources,
        [
            new ResourceInfo("shop.web.db", ["web:db"], "postgres", "default", "postgres-default", "ready", null, now, now,
                new Dictionary<string, string> { ["password"] = "pw-must-not-show", ["host"] = "127.0.0.1" })
            {
                LastBackup = new BackupInfo(7, "shop", "shop.web.db", "postgres", "failed", "scheduled", new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero), null, null, null, "pg_dump: error: disk full", null),
            },
            new ResourceInfo("orders", ["web:orders", "worker:orders"], "postgres", "default", "postgres-default", "failed", "psql: not found on PATH; install postgresql", now, null,
                new Dictionary<string, string>()),
        ]));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal("shop.web.db", rows[0].GetAttribute("data-resource"));
        Assert.Contains("web:db", rows[0].TextContent);
        Assert.Contains("postgres-default", rows[0].TextContent);
        Assert.Contains("succeeded", rows[0].QuerySelector("td[data-label=Status]")!.ClassList);
        var backup = rows[0].QuerySelector("td[data-label='Last backup']")!;
        Assert.Equal("failed 2026-12-02 03:00 UTC: pg_dump: error: disk full", backup.TextContent);
        Assert.Contains("failed", backup.ClassList);
        Assert.Equal("none", rows[1].QuerySelector("td[data-label='Last backup']")!.TextContent);
        Assert.Contains("web:orders, worker:orders", rows[1].TextContent);
        Assert.Contains("failed: psql: not found on PATH", rows[1].QuerySelector("td[data-label=Status]")!.TextContent);
        Assert.DoesNotContain("pw-must-not-show", table.Markup);
        Assert.DoesNotContain("127.0.0.1", table.Markup);
    }
}
