using Gantry.Gateway.Metrics;

namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>One route's traffic through the gateway over the last hour, minute by minute, oldest first.</summary>
public sealed record RouteMetricsInfo(string Route, IReadOnlyList<MinuteStats> Minutes)
{
    public static IReadOnlyList<RouteMetricsInfo> Of(RouteMetrics metrics, string app)
    {
        var now = metrics.CurrentMinute;
        return [.. metrics.OfApp(app).Select(r => new RouteMetricsInfo(r.Route, r.LastHour(now)))];
    }
}
