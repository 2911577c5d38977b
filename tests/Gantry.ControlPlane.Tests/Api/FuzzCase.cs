using System.Text;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>One malformed request for the fuzz theory, named so a failure says which input it was.</summary>
/// <param name="Name">Unique; the theory's data.</param>
/// <param name="Target">The request target exactly as sent (Latin-1, so a character up to U+00FF is that raw byte).</param>
/// <param name="Expected">The statuses that fit the mistake; anything else fails the case.</param>
internal sealed record FuzzCase(string Name, string Method, string Target, params int[] Expected)
{
    public const string Token = "{token}";

    public string? ContentType { get; init; }

    public byte[]? Body { get; init; }

    /// <summary>Extra header lines, sent as they are; <see cref="Token"/> stands for the valid admin token.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>The Authorization header; null sends none. By default the valid admin token: the fuzz is past authentication.</summary>
    public string? Authorization { get; init; } = "Bearer " + Token;

    /// <summary>False when the case sends its own (wrong) Content-Length or Transfer-Encoding.</summary>
    public bool CountsBody { get; init; } = true;

    /// <summary>
    /// Kestrel refuses the request line or headers before any middleware runs and answers with no body at all (it has no
    /// hook for one): such cases check the status and that nothing leaks, not the problem form.
    /// </summary>
    public bool RefusedBeforeThePipeline { get; init; }

    public byte[] ToBytes(Uri server, string token)
    {
        var head = new StringBuilder($"{Method} {Target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        if (Authorization is not null)
        {
            head.Append($"Authorization: {Authorization.Replace(Token, token, StringComparison.Ordinal)}\r\n");
        }

        if (ContentType is not null)
        {
            head.Append($"Content-Type: {ContentType}\r\n");
        }

        if (CountsBody && (Body is not null || Method is "POST" or "PUT"))
        {
            head.Append($"Content-Length: {Body?.Length ?? 0}\r\n");
        }

        foreach (var header in Headers)
        {
            head.Append(header.Replace(Token, token, StringComparison.Ordinal)).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. Body ?? []];
    }

    public override string ToString() => Name;
}
