using System.Buffers;
using Gantry.Gateway.Routing;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Which requests the fast path forwards itself. The rest go to Kestrel and the framework's forwarder (with the
/// connection, for the rest of its life): bodies, Expect, HTTP/1.0, paths Kestrel would decode or normalise, routes
/// with policies, a bulkhead or a circuit breaker, and whatever the parser leaves to Kestrel.
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

    public static bool IsPlain(CompiledRoute route) => route.Policy is null && route.Bulkhead is null && route.Breaker is null;

    /// <summary>The replayable methods the fast path takes, as interned strings (null for any other).</summary>
    public static string? KnownMethod(ReadOnlySpan<byte> method) => method switch
    {
        _ when method.SequenceEqual("GET"u8) => "GET",
        _ when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ when method.SequenceEqual("DELETE"u8) => "DELETE",
        _ => null,
    };

    /// <summary>The Host value (the parser saw to it that an HTTP/1.1 request has exactly one).</summary>
    public static ReadOnlySpan<byte> Host(RequestHead head)
    {
        foreach (var field in head.Fields)
        {
            if (HttpBytes.EqualsIgnoreCase(head.NameOf(field), "host"u8))
            {
                return head.ValueOf(field);
            }
        }

        return [];
    }

    /// <summary>The console's cookies are removed before an app sees a request; that rewrite stays the framework path's.</summary>
    public static bool HasConsoleCookie(RequestHead head)
    {
        foreach (var field in head.Fields)
        {
            if (HttpBytes.EqualsIgnoreCase(head.NameOf(field), "cookie"u8) && head.ValueOf(field).IndexOf("gantry_"u8) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Kestrel removes dot segments ("/a/../b" is "/b"); such paths are left to it.</summary>
    private static bool IsPlainPath(ReadOnlySpan<byte> path) =>
        path.IndexOfAnyExcept(PlainPath) < 0 && path.IndexOf("/."u8) < 0;
}
