using System.Diagnostics.Metrics;
using Gantry.ControlPlane.Jobs;
using Gantry.ControlPlane.Notifications;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;

namespace Gantry.ControlPlane.Hosting;

/// <summary>
/// The platform's own metrics (deliveries, the outbox, job runs) exported by OpenTelemetry in the Prometheus format at
/// <c>/metrics/platform</c>, beside the gateway's traffic at <c>/metrics</c>.
/// </summary>
public static class PlatformMetrics
{
    public const string Path = "/metrics/platform";

    public static IServiceCollection AddPlatformMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(NotificationMetrics.MeterName, JobMetrics.MeterName)
            .AddPrometheusExporter());
        services.AddSingleton<PlatformGauges>();
        return services;
    }

    /// <summary>Prometheus scrapes it with the admin bearer token, as <c>/metrics</c>.</summary>
    public static void MapPlatformMetrics(this WebApplication app, Microsoft.AspNetCore.Authorization.IAuthorizeData bearerOnly)
    {
        app.Services.GetRequiredService<PlatformGauges>();
        app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(bearerOnly);
    }
}

/// <summary>Gauges read when metrics are scraped: what waits in the outbox, and the job runs going.</summary>
public sealed class PlatformGauges
{
    public PlatformGauges(IMeterFactory meters, IDbContextFactory<GantryDbContext> dbFactory, JobScheduler scheduler)
    {
        meters.Create(NotificationMetrics.MeterName).CreateObservableGauge(
            "gantry.notifications.outbox.depth",
            () => OutboxDepth(dbFactory),
            description: "Deliveries not delivered, by state: pending (to be sent) and failed (given up on, until retried)");
        meters.Create(JobMetrics.MeterName).CreateObservableGauge(
            "gantry.jobs.running", () => scheduler.Active.Count, description: "Job runs going now");
    }

    private static IEnumerable<Measurement<long>> OutboxDepth(IDbContextFactory<GantryDbContext> dbFactory)
    {
        // Read on each scrape (every few seconds at most): two counts over an index of the outbox.
        using var db = dbFactory.CreateDbContext();
        var pending = db.Outbox.LongCount(o => o.State == OutboxState.Pending);
        var failed = db.Outbox.LongCount(o => o.State == OutboxState.Dead);
        return [new(pending, new KeyValuePair<string, object?>("state", "pending")), new(failed, new KeyValuePair<string, object?>("state", "failed"))];
    }
}
