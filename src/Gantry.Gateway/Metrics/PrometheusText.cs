using System.Globalization;
using System.Text;
using Gantry.Gateway.Policies;

namespace Gantry.Gateway.Metrics;

/// <summary>The gateway's metrics in the Prometheus text exposition format (version 0.0.4).</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly string[] Classes = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    public static string Render(RouteMetrics metrics, PolicyState? policies)
    {
        var text = new StringBuilder();
        var routes = metrics.All;
        text.Append("# HELP gantry_gateway_requests_total Requests answered per route, by status class.\n");
        text.Append("# TYPE gantry_gateway_requests_total counter\n");
        foreach (var route in routes)
        {
            var totals = route.TotalsByStatusClass();
            for (var i = 0; i < totals.Length; i++)
            {
                Line(text, "gantry_gateway_requests_total", Labels(route, ("code", Classes[i])), totals[i]);
            }
        }

        text.Append("# HELP gantry_gateway_request_duration_seconds Time from request to response per route.\n");
        text.Append("# TYPE gantry_gateway_request_duration_seconds histogram\n");
        foreach (var route in routes)
        {
            var (buckets, sum) = route.LatencyTotals();
            long cumulative = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                cumulative += buckets[i];
                var le = i < RouteCounters.LatencyBoundsMs.Length ? Number(RouteCounters.LatencyBoundsMs[i] / 1000) : "+Inf";
                Line(text, "gantry_gateway_request_duration_seconds_bucket", Labels(route, ("le", le)), cumulative);
            }

            Line(text, "gantry_gateway_request_duration_seconds_sum", Labels(route), sum);
            Line(text, "gantry_gateway_request_duration_seconds_count", Labels(route), cumulative);
        }

        if (policies is not null)
        {
            text.Append("# HELP gantry_gateway_in_flight_requests Requests being served per app with a concurrency limit.\n");
            text.Append("# TYPE gantry_gateway_in_flight_requests gauge\n");
            foreach (var bulkhead in policies.Bulkheads.OrderBy(b => b.App, StringComparer.Ordinal))
            {
                Line(text, "gantry_gateway_in_flight_requests", $"app=\"{Escape(bulkhead.App)}\"", bulkhead.InFlight);
            }
        }

        return text.ToString();
    }

    private static string Labels(RouteCounters route, params (string Name, string Value)[] extra)
    {
        var labels = $"app=\"{Escape(route.App)}\",route=\"{Escape(route.Route)}\"";
        return extra.Aggregate(labels, (all, label) => $"{all},{label.Name}=\"{Escape(label.Value)}\"");
    }

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(Number(value)).Append('\n');

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
