using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.DataPlane.Supervision;
using Gantry.Gateway.Metrics;
using Gantry.Gateway.Routing;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// The traffic of <c>gantry up</c>'s gateway, for the apps' metrics and <c>/metrics</c>: counted in this process when
/// the gateway runs here, read from the gateway process's health listener when it runs apart.
/// </summary>
public sealed class GatewayTraffic(RoutingTable local, GatewaySupervisor? process) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The app's routes' last hour; null when the gateway process does not answer.</summary>
    public async Task<IReadOnlyList<RouteMetricsInfo>?> OfAppAsync(string app, CancellationToken ct)
    {
        if (HealthUrl() is not { } health)
        {
            return RouteMetricsInfo.Of(local.Metrics, app);
        }

        try
        {
            return await _http.GetFromJsonAsync<List<RouteMetricsInfo>>(new Uri(health, $"metrics/routes?app={Uri.EscapeDataString(app)}"), ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The gateway's metrics in Prometheus' text format; null when the gateway process does not answer.</summary>
    public async Task<string?> PrometheusAsync(CancellationToken ct)
    {
        if (HealthUrl() is not { } health)
        {
            return PrometheusText.Render(local.Metrics, local.Policies);
        }

        try
        {
            return await _http.GetStringAsync(new Uri(health, "metrics"), ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();

    private Uri? HealthUrl() => process?.Current is { } ports ? new Uri($"http://127.0.0.1:{ports.Health}/") : null;
}
