using System.Buffers;
using Gantry.Gateway.Routing;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Which requests the fast path forwards itself. The rest go to Kestrel and the framework's forwarder (with the
/// connection, for the rest of its life): chunked bodies and bodies over 64 KB, Expect, HTTP/1.0, paths Kestrel would decode or normalise, routes
/// whose policies need more than the head, a bulkhead or a circuit breaker, and whatever the parser leaves to Kestrel.
/// </summary>
internal static class FastPathRequests
{
    /// <summary>Longer host values take the framework path (the name is matched from a stack buffer).</summary>
    public const int MaxHostLength = 255;

    /// <summary>Larger bodies take the framework path, which streams them; smaller ones are forwarded once they are all in.</summary>
    public const int MaxBufferedBody = 64 * 1024;

    /// <summary>pchar without '%' (Kestrel decodes escapes, so such paths could route differently), plus '/'.</summary>
    private static readonly SearchValues<byte> PlainPath = SearchValues.Create(
        "-._~!$&'()*+,;=:@/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>An accepted HTTP/1.1 request of a common method, without a body or with a small one of known length.</summary>
    public static bool IsPlain(RequestHead head) =>
        head.Verdict.Outcome == FastPathOutcome.Accept
        && head.IsHttp11
        && !head.ExpectContinue
        && (head.Framing == BodyFraming.None || (head.Framing == BodyFraming.ContentLength && head.ContentLength <= MaxBufferedBody))
        && KnownMethod(head.Method) is not null
        && IsPlainPath(head.Path);

    /// <summary>The body's length (0 without one).</summary>
    public static int BodyLength(RequestHead head) => head.Framing == BodyFraming.ContentLength ? (int)head.ContentLength : 0;

    /// <summary>A plain request whose body is not all in <paramref name="buffered"/> bytes yet: the fast path waits for the rest.</summary>
    public static bool AwaitsBody(RequestHead head, long buffered) =>
        head.Framing == BodyFraming.ContentLength && head.ContentLength > 0 && buffered < head.Consumed + head.ContentLength && IsPlain(head);

    /// <summary>
    /// Whether the request may be sent again when its first try failed before an answer, as the framework path's
    /// RetryPolicy decides: an idempotent method and no body.
    /// </summary>
    public static bool IsReplayable(RequestHead head) =>
        BodyLength(head) == 0 && KnownMethod(head.Method) is "GET" or "HEAD" or "OPTIONS" or "DELETE" or "PUT";

    /// <summary>Routes whose policies (if any) are decided from the head, without a bulkhead or a circuit breaker.</summary>
    public static bool IsPlain(CompiledRoute route) => route.Policy is null or { DecidesFromHead: true } && route.Bulkhead is null && route.Breaker is null;

    /// <summary>The methods the fast path takes, as interned strings (null for any other).</summary>
    public static string? KnownMethod(ReadOnlySpan<byte> method) => method switch
    {
        _ when method.SequenceEqual("GET"u8) => "GET",
        _ when method.SequenceEqual("POST"u8) => "POST",
        _ when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ when method.SequenceEqual("PUT"u8) => "PUT",
        _ when method.SequenceEqual("DELETE"u8) => "DELETE",
        _ when method.SequenceEqual("PATCH"u8) => "PATCH",
        _ when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ => null,
    };

    /// <summary>
    /// The fields a route's policies read, in one pass; false when the framework path must take the request: a console
    /// cookie (removed before an app sees the request, a rewrite the framework path does), or a second Authorization
    /// or X-Api-Key field (the framework joins them into one value).
    /// </summary>
    public static bool TryReadPolicyFields(RequestHead head, out HeaderField? authorization, out bool hasApiKey)
    {
        authorization = null;
        hasApiKey = false;
        foreach (var field in head.Fields)
        {
            var name = head.NameOf(field);
            if (HttpBytes.EqualsIgnoreCase(name, "authorization"u8))
            {
                if (authorization is not null)
                {
                    return false;
                }

                authorization = field;
            }
            else if (HttpBytes.EqualsIgnoreCase(name, "x-api-key"u8))
            {
                if (hasApiKey)
                {
                    return false;
                }

                hasApiKey = true;
            }
            else if (HttpBytes.EqualsIgnoreCase(name, "cookie"u8) && head.ValueOf(field).IndexOf("gantry_"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Kestrel removes dot segments ("/a/../b" is "/b"); such paths are left to it.</summary>
    private static bool IsPlainPath(ReadOnlySpan<byte> path) =>
        path.IndexOfAnyExcept(PlainPath) < 0 && path.IndexOf("/."u8) < 0;
}
