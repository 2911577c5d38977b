using System.Text.Json;
using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Security;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Config;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// The configuration stream gateways follow (<c>GET /gateway/v1/feed</c>), their reports (<c>POST
/// /gateway/v1/reports</c>) and their shared day and total quota counts (<c>POST /gateway/v1/quota</c>), behind the
/// gateway token alone: the stream carries certificates' private keys, and that token opens nothing else. One JSON frame per line: the whole snapshot, then each change, with an empty line as a
/// keep-alive. HTTP/2 where the connection speaks it (TLS), chunked HTTP/1.1 otherwise.
/// </summary>
public static class GatewayFeedEndpoints
{
    public const string FeedPath = "/gateway/v1/feed";
    public const string ReportsPath = "/gateway/v1/reports";
    public const string QuotaPath = "/gateway/v1/quota";
    public const string ContentType = "application/x-ndjson";

    /// <summary>How often an idle stream carries an empty line, so a gateway notices a control plane that stopped answering.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(10);

    private const int MaxReportBytes = 64 * 1024;
    private const int MaxQuotaRequestBytes = 8 * 1024;
    private const int MaxClientLength = 1024;
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void MapGatewayFeed(this WebApplication app)
    {
        var feed = app.MapGroup("/gateway/v1").AllowAnonymous().ExcludeFromDescription().AddEndpointFilter(RequireGatewayToken);
        feed.MapGet("/feed", FollowAsync);
        feed.MapPost("/reports", ReportAsync);
        feed.MapPost("/quota", CountQuotaAsync);
    }

    private static async Task<IResult> FollowAsync(
        HttpContext http, GatewayConfigSource source, ConnectedGateways gateways, RestoreGate restore, IHostApplicationLifetime lifetime, CancellationToken aborted)
    {
        var name = http.Request.Query["gateway"].ToString();
        if (GatewayNames.Problem(name) is { } problem)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, $"gateway: {problem} (?gateway=NAME)");
        }

        // A stream never ends by itself: it ends when the gateway goes or this control plane stops (else a stop waits for it).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        var ct = stopping.Token;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            await WaitRestoredAsync(http.Response, restore, ct);

            // Counted as following from its first frame on: drains and acknowledgements do not wait on it before.
            using var following = gateways.Follow(name, http.Connection.RemoteIpAddress?.ToString());
            var sent = source.Current;
            await WriteAsync(http.Response, GatewaySnapshotChange.Full(sent), ct);
            var next = source.NewerThanAsync(sent.Version, ct);
            while (true)
            {
                if (await Task.WhenAny(next, Task.Delay(KeepAlive, ct)) != next)
                {
                    await http.Response.Body.WriteAsync(NewLine, ct);
                    await http.Response.Body.FlushAsync(ct);
                    continue;
                }

                var snapshot = await next;
                await WriteAsync(http.Response, GatewaySnapshotChange.Between(sent, snapshot), ct);
                sent = snapshot;
                next = source.NewerThanAsync(sent.Version, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The gateway went away (or this control plane stops): nothing to answer.
            return Results.Empty;
        }
    }

    private static async Task<IResult> ReportAsync(HttpContext http, ConnectedGateways gateways, CancellationToken ct)
    {
        var (report, invalid) = await ReadAsync(http, GatewayConfigJson.Default.GatewayReport, MaxReportBytes, "a report", ct);
        if (invalid is not null)
        {
            return invalid;
        }

        if (GatewayNames.Problem(report!.Gateway) is { } problem)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, $"gateway: {problem}");
        }

        gateways.Report(report, http.Connection.RemoteIpAddress?.ToString());
        return Results.NoContent();
    }

    /// <summary>The body as <typeparamref name="T"/> (at most <paramref name="maxBytes"/>), or the 400 that says what is wrong with it.</summary>
    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpContext http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, long maxBytes, string what, CancellationToken ct)
        where T : class
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(http.Request.Body, type, ct) is { } value
                ? (value, null)
                : (null, ApiResults.Problem(StatusCodes.Status400BadRequest, $"body: {what} is required"));
        }
        catch (JsonException e)
        {
            return (null, ApiResults.Problem(StatusCodes.Status400BadRequest, ApiResults.DescribeJson(e)));
        }
    }

    /// <summary>Keep-alive lines until the apps found at start serve again (<see cref="RestoreGate"/>), bounded.</summary>
    private static async Task WaitRestoredAsync(HttpResponse response, RestoreGate restore, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + RestoreGate.MaxWait;
        while (!restore.Opened.IsCompleted && DateTimeOffset.UtcNow < deadline)
        {
            await response.Body.WriteAsync(NewLine, ct);
            await response.Body.FlushAsync(ct);
            await Task.WhenAny(restore.Opened, Task.Delay(KeepAlive, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Counts one request of another gateway in this process's own gateway counters (day and total only: second and
    /// minute windows are per gateway), by the route's quota as this control plane publishes it.
    /// </summary>
    private static async Task<IResult> CountQuotaAsync(HttpContext http, RoutingTable routing, PolicyState policies, CancellationToken ct)
    {
        var (request, invalid) = await ReadAsync(http, GatewayConfigJson.Default.SharedQuotaRequest, MaxQuotaRequestBytes, "a quota request", ct);
        if (invalid is not null)
        {
            return invalid;
        }

        var problem = request switch
        {
            { Route.Length: 0 } => "route: the route's quota key is required (APP/ROUTE-NAME)",
            { Client.Length: 0 } => "client: the client is required (key:ID, sub:SUBJECT or ip:ADDRESS)",
            { Client.Length: > MaxClientLength } => $"client: at most {MaxClientLength} characters",
            { Tier.Length: 0 } => "tier: a tier's role, or left out for the route's default quota",
            _ => null,
        };
        if (problem is not null)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, problem);
        }

        if (routing.Current.RateLimitOf(request!.Route) is not { } limit)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, $"route: no published route has the quota key '{request.Route}' and a rate limit");
        }

        var answer = policies.Counters.CountShared(request.Route, request.Client, limit.QuotaOfTier(request.Tier));
        return Results.Json(answer, GatewayConfigJson.Default.SharedQuotaAnswer);
    }

    private static async Task WriteAsync(HttpResponse response, GatewaySnapshotChange change, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(response.Body, change, GatewayConfigJson.Default.GatewaySnapshotChange, ct);
        await response.Body.WriteAsync(NewLine, ct);
        await response.Body.FlushAsync(ct);
    }

    private static async ValueTask<object?> RequireGatewayToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var tokens = http.RequestServices.GetRequiredService<ApiTokenRegistry>();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && tokens.IsGatewayToken(header["Bearer ".Length..].Trim()))
        {
            return await next(context);
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiResults.Problem(StatusCodes.Status401Unauthorized,
            "Send the gateway token as 'Authorization: Bearer TOKEN' (the data folder's gateway-token file); the admin token does not open the feed.");
    }
}
