using System.Diagnostics;
using System.Globalization;
using Gantry.Gateway.FastPath;
using Gantry.Gateway.Health;
using Gantry.Gateway.Observability;
using Gantry.Gateway.Pages;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Tls.Acme;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Gantry.Gateway.Forwarding;

/// <summary>
/// The gateway's terminal request delegate: route by the current snapshot, pick a destination, forward with YARP,
/// and on a failure before any response byte retry replayable requests elsewhere.
/// </summary>
internal sealed class GatewayRequestHandler
{
    private readonly RoutingTable _table;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly ForwarderRequestConfig _requestConfig;
    private readonly HttpTransformer _transformer = ForwardedHeadersTransformer.Instance;
    private readonly int _maxAttempts;
    private readonly long _reactivationMs;
    private readonly ILogger _logger;
    private readonly AccessLog _accessLog;
    private readonly GatewayClients _clients;
    private readonly Http01ChallengeStore _challenges;

    // Per-request conditions are logged once per interval per app (and workload or destination), with a count of the rest.
    private readonly LogThrottle<(string App, string Workload)> _noReadyLog;
    private readonly LogThrottle<(string App, string Destination)> _forwardingFailedLog;
    private readonly LogThrottle<string> _policyFailedLog;
    private readonly LogThrottle<string> _unexpectedLog;

    public GatewayRequestHandler(
        RoutingTable table,
        IHttpForwarder forwarder,
        ForwarderClient client,
        AccessLog accessLog,
        GatewayClients clients,
        Http01ChallengeStore challenges,
        IOptions<GatewayOptions> options,
        ILogger<GatewayRequestHandler> logger)
    {
        _table = table;
        _accessLog = accessLog;
        _clients = clients;
        _challenges = challenges;
        _forwarder = forwarder;
        _invoker = client.Invoker;
        _requestConfig = client.RequestConfig;
        _maxAttempts = options.Value.MaxAttempts;
        _reactivationMs = (long)options.Value.PassiveHealthReactivation.TotalMilliseconds;
        _logger = logger;
        var interval = options.Value.RepeatedLogInterval;
        _noReadyLog = new(interval);
        _forwardingFailedLog = new(interval);
        _policyFailedLog = new(interval);
        _unexpectedLog = new(interval);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        // ACME http-01 proofs come before routing: the host may not be routed to anything yet.
        if (_challenges.Any && await _challenges.TryAnswerAsync(context))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var host = context.Request.Host.Value ?? string.Empty;
        var path = context.Request.Path.Value is { Length: > 0 } value ? value : "/";
        var route = Resolve(_table.Current, host, path);
        var handedOver = context.Features.Get<FastPathHandOver>()?.Take();
        GatewayRequestFeature? feature = null;
        try
        {
            if (route?.Policy is { } policy)
            {
                feature = new GatewayRequestFeature();
                context.Features.Set(feature);
                if (handedOver?.Policy == policy)
                {
                    policy.Readmit(context, feature, handedOver.Admission);
                }
                else if (!await AdmitAsync(context, policy, feature, route))
                {
                    return;
                }
            }
            else if (route is not null && _clients.HasBlocks && _clients.For(route.App).IsBlocked(null, IdentityHeaders.ClientAddress(context)))
            {
                await PolicyResponses.WriteAsync(context, 403, "Client blocked", "this client is blocked from the app");
                return;
            }

            if (route?.Bulkhead is not { } bulkhead)
            {
                await ForwardAsync(context, host, path, route, handedOver?.FailedDestination);
                return;
            }

            if (!bulkhead.TryEnter())
            {
                context.Response.Headers.RetryAfter = "1";
                await PolicyResponses.WriteAsync(context, 503, "App busy", $"app '{route.App}' is serving as many requests as it may ({bulkhead.Limit}); try again shortly");
                return;
            }

            try
            {
                await ForwardAsync(context, host, path, route, handedOver?.FailedDestination);
            }
            finally
            {
                bulkhead.Exit();
            }
        }
        finally
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            // Counted on the route the request first matched (an unknown host counts nowhere).
            route?.Counters.Record(context.Response.StatusCode, elapsedMs, _table.Metrics.CurrentMinute);
            if (feature is not null)
            {
                route!.Policy!.Complete(context, feature);
            }

            if (_accessLog.Enabled)
            {
                _accessLog.Write(AccessLogLine(context, route, path, elapsedMs, feature));
            }
        }
    }

    private async ValueTask<bool> AdmitAsync(HttpContext context, CompiledRoutePolicy policy, GatewayRequestFeature feature, CompiledRoute route)
    {
        try
        {
            return await policy.AdmitAsync(context, feature);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A policy bug must end in a plain page, never in a stack trace or an unchecked pass.
            if (_policyFailedLog.ShouldLog(route.App, out var suppressed))
            {
                PolicyLog.PolicyFailed(_logger, route.App, suppressed, ex);
            }

            if (!context.Response.HasStarted)
            {
                context.Response.Headers.Clear();
                await ErrorPages.WriteUpstreamFailedAsync(context, route.App, StatusCodes.Status502BadGateway);
            }

            return false;
        }
    }

    private static AccessLogEntry AccessLogLine(HttpContext context, CompiledRoute? route, string path, double elapsedMs, GatewayRequestFeature? feature) => new(
        DateTimeOffset.UtcNow,
        route?.App,
        route is null ? null : context.Request.Host.Host + route.PathPrefix,
        context.Request.Method,
        path,
        context.Response.StatusCode,
        Math.Round(elapsedMs, 3),
        feature?.RequestBody?.Bytes ?? context.Request.ContentLength,
        feature?.ResponseBody?.Bytes ?? context.Response.ContentLength,
        feature?.Client,
        IdentityHeaders.ClientAddress(context));

    /// <param name="fastPathTried">A destination the fast path could not connect to before it handed the request over: attempt 1.</param>
    private async Task ForwardAsync(HttpContext context, string host, string path, CompiledRoute? route, DestinationState? fastPathTried)
    {
        var request = context.Request;
        var replayable = RetryPolicy.IsReplayable(request);
        List<DestinationState>? tried = null;
        var breaker = route?.Breaker;
        if (breaker is not null && !breaker.TryEnter(out var reason, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await PolicyResponses.WriteAsync(context, 503, "Circuit open", reason);
            return;
        }

        var maxAttempts = route?.Policy?.Retries is { } retries ? retries + 1 : _maxAttempts;
        var config = route?.Policy?.Timeout is { } timeout ? route.TimeoutConfig ??= _requestConfig with { ActivityTimeout = timeout } : _requestConfig;
        var failed = true;
        var firstAttempt = 1;
        if (fastPathTried is not null)
        {
            (tried ??= new List<DestinationState>(maxAttempts)).Add(fastPathTried);
            firstAttempt = 2;
        }

        try
        {
            if (firstAttempt > maxAttempts)
            {
                await ErrorPages.WriteUpstreamFailedAsync(context, route?.App ?? "(unknown)", StatusCodes.Status502BadGateway);
                return;
            }

            for (var attempt = firstAttempt; ; attempt++)
            {
                var destination = Lease(ref route, host, path, tried);
                if (destination is null)
                {
                    await WriteUnroutableAsync(context, route, host, path);
                    return;
                }

                var app = route!.App;
                ForwarderError error;
                try
                {
                    error = await _forwarder.SendAsync(context, destination.Address, _invoker, config, _transformer);
                }
                finally
                {
                    destination.State.Exit();
                }

                if (error == ForwarderError.None)
                {
                    failed = context.Response.StatusCode >= 500;
                    return;
                }

                if (context.Features.Get<GatewayRequestFeature>()?.RequestBody is { LimitExceeded: true } && !context.Response.HasStarted)
                {
                    // The body was cut off at the route's limit: the client's fault, not the app's.
                    failed = false;
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    await PolicyResponses.WriteAsync(context, 413, "Request body too large", "the request body is larger than this route accepts");
                    return;
                }

                var connectFailure = ForwardingFailure.IsConnectFailure(error, context.Features.Get<IForwarderErrorFeature>()?.Exception);
                if (connectFailure)
                {
                    destination.State.MarkUnhealthy(Environment.TickCount64 + _reactivationMs);
                    GatewayLog.DestinationUnreachable(_logger, destination.State.Id, app, _reactivationMs);
                }

                if (context.RequestAborted.IsCancellationRequested)
                {
                    failed = false;
                    GatewayLog.ClientAborted(_logger, app, error);
                    return;
                }

                if (replayable
                    && attempt < maxAttempts
                    && ForwardingFailure.HappenedBeforeResponse(error, connectFailure)
                    && !context.Response.HasStarted)
                {
                    GatewayLog.RetryingRequest(_logger, attempt, destination.State.Id, app, error);
                    (tried ??= new List<DestinationState>(maxAttempts)).Add(destination.State);

                    // The forwarder refuses a context whose status is already set; undo what the failed attempt recorded.
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    context.Features.Set<IForwarderErrorFeature>(null);
                    route = Resolve(_table.Current, host, path) ?? route;
                    continue;
                }

                if (_forwardingFailedLog.ShouldLog((app, destination.State.Id), out var suppressed))
                {
                    GatewayLog.ForwardingFailed(_logger, destination.State.Id, app, error, attempt, suppressed);
                }

                if (context.Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout)
                {
                    await ErrorPages.WriteUpstreamFailedAsync(context, app, context.Response.StatusCode);
                }

                return;
            }
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The gateway is the edge: a bug here must still end in a plain page, never the host's exception page.
            var app = route?.App ?? "(unknown)";
            if (_unexpectedLog.ShouldLog(app, out var suppressed))
            {
                GatewayLog.UnexpectedError(_logger, app, suppressed, ex);
            }

            if (!context.Response.HasStarted)
            {
                await ErrorPages.WriteUpstreamFailedAsync(context, route?.App ?? "(unknown)", StatusCodes.Status502BadGateway);
            }
            else
            {
                context.Abort();
            }
        }
        finally
        {
            breaker?.Record(failed);
        }
    }

    private static CompiledRoute? Resolve(RoutingSnapshot snapshot, string host, string path) =>
        snapshot.Match(HostName.WithoutPort(host), path);

    private RouteDestination? Lease(ref CompiledRoute? route, string host, string path, List<DestinationState>? tried) =>
        DestinationLeases.Lease(_table, ref route, host, path, tried);

    private Task WriteUnroutableAsync(HttpContext context, CompiledRoute? route, string host, string path)
    {
        if (route is not null)
        {
            if (_noReadyLog.ShouldLog((route.App, route.Workload), out var suppressed))
            {
                GatewayLog.NoReadyDestinations(_logger, route.App, route.Workload, suppressed);
            }

            return ErrorPages.WriteNoReadyInstancesAsync(context, route.App);
        }

        var hostName = HostName.WithoutPort(host).ToString();
        if (_table.Current.ContainsHost(hostName))
        {
            GatewayLog.UnknownPath(_logger, hostName, path);
            return ErrorPages.WriteUnknownPathAsync(context, hostName, path);
        }

        GatewayLog.UnknownHost(_logger, hostName);
        return ErrorPages.WriteUnknownHostAsync(context, hostName);
    }
}
