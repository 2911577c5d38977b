using Bunit;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console.Shared;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>The notifications page's tables: destinations with their counts, and deliveries with a Retry for failures.</summary>
public sealed class NotificationTablesTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Destinations_ShowWhereEventsGoHostOnly_AndTheirCounts()
    {
        var table = Render<DestinationTable>(p => p.Add(t => t.Destinations,
        [
            new NotificationDestinationInfo("ops", "discord", "https://discord.example/…", "release.failed", null, 1, 12, 2, Now),
            new NotificationDestinationInfo("bus", "amqp", "amqp://rabbit.internal:5672/…", "*", "shop", 0, 3, 0, Now) { Exchange = "platform" },
        ]));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(["ops", "bus"], rows.Select(r => r.GetAttribute("data-destination")));
        Assert.Equal("https://discord.example/…", rows[0].QuerySelector("td[data-label=Where]")!.TextContent);
        Assert.Equal("all", rows[0].QuerySelector("td[data-label=App]")!.TextContent);
        Assert.Contains("failed", rows[0].QuerySelector("td[data-label=Failed]")!.ClassList);
        Assert.Equal("amqp (platform)", rows[1].QuerySelector("td[data-label=Kind]")!.TextContent);
        Assert.Empty(rows[1].QuerySelector("td[data-label=Failed]")!.ClassList);
    }

    [Fact]
    public void AFailedDelivery_ShowsItsError_AndRetrySendsItsId()
    {
        long? retried = null;
        var table = Render<DeliveryTable>(p => p
            .Add(t => t.Deliveries,
            [
                new DeliveryInfo(41, "ops", "release.failed", "shop", "failed", 8, "answered 503 Service Unavailable (gave up after 8 attempts)", "evt_1", Now, Now, null),
            ])
            .Add(t => t.OnRetry, (long id) => retried = id));

        var row = table.Find("tbody tr[data-delivery='41']");
        Assert.Contains("gave up after 8 attempts", row.QuerySelector("td[data-label='Last error']")!.TextContent);
        Assert.Contains("failed", row.QuerySelector("td[data-label=State]")!.ClassList);
        row.QuerySelector("button")!.Click();
        Assert.Equal(41, retried);
    }

    [Fact]
    public void WithoutARetryHandler_DeliveriesHaveNoButton()
    {
        var table = Render<DeliveryTable>(p => p.Add(t => t.Deliveries,
        [
            new DeliveryInfo(7, "ops", "release.succeeded", "shop", "delivered", 1, null, "evt_2", Now, Now, Now),
        ]));

        Assert.Empty(table.FindAll("button"));
        Assert.Contains("succeeded", table.Find("td[data-label=State]").ClassList);
    }
}
