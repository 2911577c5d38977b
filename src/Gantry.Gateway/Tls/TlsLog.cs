namespace Gantry.Gateway.Tls;

/// <summary>Log messages of the TLS listener (event ids 1550–1599).</summary>
internal static partial class TlsLog
{
    [LoggerMessage(1550, LogLevel.Warning, "TLS passthrough for {Host}: no instance is ready; the connection is closed.")]
    public static partial void PassthroughNoInstance(ILogger logger, string host);

    [LoggerMessage(1551, LogLevel.Warning, "TLS passthrough for {Host}: connecting to {Backend} failed ({Error}).")]
    public static partial void PassthroughConnectFailed(ILogger logger, string host, string backend, string error);
}
