namespace Gantry.Gateway.Policies;

/// <summary>Log messages of the route policies (event ids 1020–1049); never tokens, keys or secrets.</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(1020, LogLevel.Warning, "Fetching the JWKS at {Url} failed ({Reason}); the keys known before stay in use.")]
    public static partial void JwksFetchFailed(ILogger logger, string url, string reason);

    [LoggerMessage(1027, LogLevel.Warning, "The JWKS at {Url} holds {Count} symmetric (oct) key(s); they are ignored: a shared secret is never taken from a URL.")]
    public static partial void JwksSymmetricKeysIgnored(ILogger logger, string url, int count);

    [LoggerMessage(1021, LogLevel.Warning, "The circuit of workload {Workload} of app {App} opened: {Reason}.")]
    public static partial void CircuitOpened(ILogger logger, string app, string workload, string reason);

    [LoggerMessage(1022, LogLevel.Information, "The circuit of workload {Workload} of app {App} closed: a probe succeeded.")]
    public static partial void CircuitClosed(ILogger logger, string app, string workload);

    [LoggerMessage(1023, LogLevel.Warning, "Saving the quota counters to {Path} failed: {Reason}.")]
    public static partial void QuotaSaveFailed(ILogger logger, string path, string reason);

    [LoggerMessage(1024, LogLevel.Warning, "The quota counters in {Path} could not be read ({Reason}); counting starts from zero.")]
    public static partial void QuotaLoadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(1028, LogLevel.Warning, "The shared quota could not be counted ({Reason}); day and total quotas are counted by this gateway alone until it answers again (asked at most every {PauseSeconds} s).")]
    public static partial void SharedQuotaCutOff(ILogger logger, string reason, double pauseSeconds);

    [LoggerMessage(1029, LogLevel.Information, "The shared quota answers again; day and total quotas are counted across gateways.")]
    public static partial void SharedQuotaBack(ILogger logger);

    [LoggerMessage(1025, LogLevel.Warning, "Writing the access log {Path} failed: {Reason}.")]
    public static partial void AccessLogFailed(ILogger logger, string path, string reason);

    [LoggerMessage(1026, LogLevel.Error, "A policy of app {App} failed unexpectedly ({Suppressed} more since the last report).")]
    public static partial void PolicyFailed(ILogger logger, string app, long suppressed, Exception exception);
}
