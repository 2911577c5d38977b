using System.Buffers;
using Gantry.Gateway.Routing;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Which requests the fast path forwards itself. The rest go to Kestrel and the framework's forwarder (with the
/// connection, for the rest of its life): bodies, Expect, HTTP/1.0, paths Kestrel would decode or normalise, routes
/// whose policies need more than the head, a bulkhead or a circuit breaker, and whatever the parser leaves to Kestrel.
/// </summary>
internal static class FastPathRequests
{
    /// <summary>Longer host values take the framework path (the name is matched from a stack buffer).</summary>
    public const int MaxHostLength = 255;

    /// <summary>pchar without '%' (Kestrel decodes escapes, so such paths could route differently), plus '/'.</summary>
    private static readonly SearchValues<byte> PlainPath = SearchValues.Create(
        "-._~!$&'()*+,;=:@/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>An accepted HTTP/1.1 request without a body whose method may be sent again if its first try fails early.</summary>
    public static bool IsPlain(RequestHead head) =>
        head.Verdict.Outcome == FastPathOutcome.Accept
        && head.IsHttp11
        && !head.ExpectContinue
        && (head.Framing == BodyFraming.None || (head.Framing == BodyFraming.ContentLength && head.ContentLength == 0))
        && KnownMethod(head.Method) is not null
        && IsPlainPath(head.Path);

    /// <summary>Routes whose policies (if any) are decided from the head, without a bulkhead or a circuit breaker.</summary>
    public static bool IsPlain(CompiledRoute route) => route.Policy is null or { DecidesFromHead: true } && route.Bulkhead is null && route.Breaker is null;

    /// <summary>The replayable methods the fast path takes, as interned strings (null for any other).</summary>
    public static string? KnownMethod(ReadOnlySpan<byte> method) => method switch
    {
        _ when method.SequenceEqual("GET"u8) => "GET",
        _ when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ when method.SequenceEqual("DELETE"u8) => "DELETE",
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
