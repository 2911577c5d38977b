using Yarp.ReverseProxy.Forwarder;

namespace Gantry.Gateway;

/// <summary>
/// The gateway's log events. Ids are stable (1000–1099): dashboards and alerts key on them. Those a request can
/// repeat go through a <see cref="Observability.LogThrottle{TKey}"/> and carry how many were held back.
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1000, EventName = "SnapshotPublished", Level = LogLevel.Debug,
        Message = "Routing snapshot {Generation} published: {RouteCount} routes, {DestinationCount} destinations")]
    public static partial void SnapshotPublished(ILogger logger, long generation, int routeCount, int destinationCount);

    [LoggerMessage(EventId = 1001, EventName = "UnknownHost", Level = LogLevel.Debug,
        Message = "No route for host {Host}")]
    public static partial void UnknownHost(ILogger logger, string host);

    [LoggerMessage(EventId = 1002, EventName = "UnknownPath", Level = LogLevel.Debug,
        Message = "No route for host {Host} and path {Path}")]
    public static partial void UnknownPath(ILogger logger, string host, string path);

    [LoggerMessage(EventId = 1003, EventName = "NoReadyDestinations", Level = LogLevel.Warning,
        Message = "App {App} workload {Workload} has no ready destinations ({Suppressed} more since the last report)")]
    public static partial void NoReadyDestinations(ILogger logger, string app, string workload, long suppressed);

    [LoggerMessage(EventId = 1010, EventName = "DestinationUnreachable", Level = LogLevel.Warning,
        Message = "Destination {DestinationId} of app {App} could not be connected to; skipped for {ReactivationMs} ms")]
    public static partial void DestinationUnreachable(ILogger logger, string destinationId, string app, long reactivationMs);

    [LoggerMessage(EventId = 1011, EventName = "RetryingRequest", Level = LogLevel.Information,
        Message = "Attempt {Attempt} to destination {DestinationId} of app {App} failed with {Error}; retrying")]
    public static partial void RetryingRequest(ILogger logger, int attempt, string destinationId, string app, ForwarderError error);

    [LoggerMessage(EventId = 1012, EventName = "ForwardingFailed", Level = LogLevel.Warning,
        Message = "Forwarding to destination {DestinationId} of app {App} failed with {Error} after {Attempts} attempt(s) ({Suppressed} more failures since the last report)")]
    public static partial void ForwardingFailed(ILogger logger, string destinationId, string app, ForwarderError error, int attempts, long suppressed);

    [LoggerMessage(EventId = 1013, EventName = "ClientAborted", Level = LogLevel.Debug,
        Message = "Client of app {App} went away while its request was forwarded ({Error})")]
    public static partial void ClientAborted(ILogger logger, string app, ForwarderError error);

    [LoggerMessage(EventId = 1014, EventName = "UnexpectedError", Level = LogLevel.Error,
        Message = "Unexpected error while forwarding a request to app {App} ({Suppressed} more since the last report)")]
    public static partial void UnexpectedError(ILogger logger, string app, long suppressed, Exception exception);
}
