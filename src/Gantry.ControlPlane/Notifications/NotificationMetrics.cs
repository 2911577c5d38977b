using System.Diagnostics.Metrics;

namespace Gantry.ControlPlane.Notifications;

/// <summary>Counters of deliveries, by destination kind, for any System.Diagnostics.Metrics listener.</summary>
public static class NotificationMetrics
{
    public const string MeterName = "Gantry.Notifications";

    private static readonly Meter Meter = new(MeterName);

    public static Counter<long> Sent { get; } = Meter.CreateCounter<long>("gantry.notifications.sent", description: "Deliveries a destination accepted");

    public static Counter<long> Retried { get; } = Meter.CreateCounter<long>("gantry.notifications.retried", description: "Failed attempts that will be tried again");

    public static Counter<long> Dead { get; } = Meter.CreateCounter<long>("gantry.notifications.failed", description: "Deliveries given up on (the failures list)");
}
