using System.Text.Json;
using Gantry.Runtime.Logs;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/apps/APP/logs</c>: the output of an app's instances as JSON lines, optionally followed live.</summary>
public static class LogsEndpoints
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void MapLogs(this RouteGroupBuilder api)
    {
        api.MapGet($"/apps/{AppsEndpoints.AppRoute}/logs", LogsAsync)
            .WithTags("Logs")
            .Produces<LogLine>(contentType: "application/x-ndjson")
            .WithSummary("Streams log lines as JSON lines: 'workload' filters, 'since' is a duration (10m) or a time, 'follow=true' keeps streaming new lines.");
    }

    private static async Task LogsAsync(
        HttpContext http, string app, string? workload, string? since, int? limit, bool? follow,
        LogStore logs, TimeProvider time, IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        if (workload is not null && !AppsEndpoints.IsName(workload))
        {
            await ApiResults.Problem(StatusCodes.Status400BadRequest, $"workload: '{workload}' is not a workload name (an RFC 1123 label)").ExecuteAsync(http);
            return;
        }

        if (!SinceParser.TryParse(since, time.GetUtcNow(), out var from))
        {
            await ApiResults.Problem(StatusCodes.Status400BadRequest, $"since: '{since}' is neither a duration (30s, 10m, 2h, 1d) nor a time (2026-01-02T15:04:05Z)").ExecuteAsync(http);
            return;
        }

        var query = new LogQuery(app, workload, from, Math.Clamp(limit ?? 1000, 1, 100_000));
        http.Response.ContentType = "application/x-ndjson";
        var body = http.Response.Body;
        if (follow != true)
        {
            foreach (var line in logs.Read(query))
            {
                await WriteAsync(body, line, requestAborted);
            }

            return;
        }

        // Following ends when the client leaves or Gantry stops, whichever comes first.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var ct = linked.Token;
        await http.Response.StartAsync(ct);
        try
        {
            await foreach (var line in logs.FollowAsync(query, ct))
            {
                await WriteAsync(body, line, ct);
                await body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: following ends with it.
        }
    }

    private static async Task WriteAsync(Stream body, LogLine line, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(body, line, JsonSerializerOptions.Web, ct);
        await body.WriteAsync(NewLine, ct);
    }
}
