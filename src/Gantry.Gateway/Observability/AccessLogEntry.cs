namespace Gantry.Gateway.Observability;

/// <summary>One line of the access log: what was asked, by whom, and how it went; never headers, tokens or the query.</summary>
public sealed record AccessLogEntry(
    DateTimeOffset Time,
    string? App,
    string? Route,
    string Method,
    string Path,
    int Status,
    double DurationMs,
    long? BytesIn,
    long? BytesOut,
    string? Client,
    string Ip);
