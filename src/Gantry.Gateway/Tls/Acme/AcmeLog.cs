namespace Gantry.Gateway.Tls.Acme;

/// <summary>Log messages of the ACME client (event ids 1500–1549); never keys or key authorizations.</summary>
internal static partial class AcmeLog
{
    [LoggerMessage(1500, LogLevel.Debug, "The ACME server rejected a nonce at {Url}; retrying with a new one ({Attempt}).")]
    public static partial void BadNonce(ILogger logger, Uri url, int attempt);

    [LoggerMessage(1501, LogLevel.Warning, "An ACME request to {Url} failed for now ({Reason}); retry {Attempt}.")]
    public static partial void Retrying(ILogger logger, Uri url, string reason, int attempt);

    [LoggerMessage(1502, LogLevel.Information, "ACME order for {Names}: answering the http-01 challenge for {Identifier}.")]
    public static partial void Answering(ILogger logger, string names, string identifier);

    [LoggerMessage(1503, LogLevel.Information, "ACME issued a certificate for {Names}.")]
    public static partial void Issued(ILogger logger, string names);
}
