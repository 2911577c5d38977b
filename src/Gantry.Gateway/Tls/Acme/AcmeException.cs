namespace Gantry.Gateway.Tls.Acme;

/// <summary>The ACME server refused or failed a step; <c>Type</c> is its problem type (RFC 8555 §6.7), the message says what failed.</summary>
public sealed class AcmeException(string message, string? type = null, int? status = null, TimeSpan? retryAfter = null) : Exception(message)
{
    public string? Type { get; } = type;

    public int? Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
