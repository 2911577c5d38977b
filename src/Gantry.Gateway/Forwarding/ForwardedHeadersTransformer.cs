using Gantry.Gateway.Policies;
using Microsoft.AspNetCore.HttpOverrides;
using Yarp.ReverseProxy.Forwarder;

namespace Gantry.Gateway.Forwarding;

/// <summary>
/// Copies the request as is (Host included, so apps see the name they are served at) and sets X-Forwarded-For,
/// -Proto and -Host and the caller's identity (X-Gantry-*). The gateway is the edge, so whatever the client sent in
/// those headers is dropped, not appended to.
/// </summary>
internal sealed class ForwardedHeadersTransformer : HttpTransformer
{
    // RFC 7239's standard form and the prefix header carry the same claims; drop them too so no app trusts a client's word.
    private const string Forwarded = "Forwarded";
    private const string ConsoleCookiePrefix = "gantry_";

    public static ForwardedHeadersTransformer Instance { get; } = new();

    /// <summary>What the gateway sets itself and so drops from the client (with <see cref="IdentityHeaders.All"/>).</summary>
    public static IReadOnlyList<string> ReplacedHeaders { get; } =
    [
        ForwardedHeadersDefaults.XForwardedForHeaderName, ForwardedHeadersDefaults.XForwardedProtoHeaderName,
        ForwardedHeadersDefaults.XForwardedHostHeaderName, ForwardedHeadersDefaults.XForwardedPrefixHeaderName, Forwarded,
    ];

    private ForwardedHeadersTransformer()
    {
    }

    public override ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        var copied = base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        if (!copied.IsCompletedSuccessfully)
        {
            return AddAfterAsync(copied, httpContext, proxyRequest);
        }

        AddForwardedHeaders(httpContext, proxyRequest);
        return default;
    }

    /// <summary>
    /// Cookies ignore ports: a browser signed in to the console at a host also sends its session to an app served at
    /// that host. The console's cookies (<c>gantry_*</c>) never reach an app.
    /// </summary>
    private static void StripConsoleCookies(HttpContext httpContext, HttpRequestMessage proxyRequest)
    {
        var cookie = httpContext.Request.Headers.Cookie.ToString();
        if (!cookie.Contains(ConsoleCookiePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var kept = cookie.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(c => !c.StartsWith(ConsoleCookiePrefix, StringComparison.Ordinal));
        proxyRequest.Headers.Remove("Cookie");
        var value = string.Join("; ", kept);
        if (value.Length > 0)
        {
            proxyRequest.Headers.TryAddWithoutValidation("Cookie", value);
        }
    }

    private static async ValueTask AddAfterAsync(ValueTask copied, HttpContext httpContext, HttpRequestMessage proxyRequest)
    {
        await copied;
        AddForwardedHeaders(httpContext, proxyRequest);
    }

    private static void AddForwardedHeaders(HttpContext httpContext, HttpRequestMessage proxyRequest)
    {
        var headers = proxyRequest.Headers;
        foreach (var name in ReplacedHeaders)
        {
            headers.Remove(name);
        }

        StripConsoleCookies(httpContext, proxyRequest);
        IdentityHeaders.Apply(proxyRequest, httpContext.Features.Get<GatewayRequestFeature>()?.Identity);

        var remote = httpContext.Connection.RemoteIpAddress;
        if (remote is not null)
        {
            if (remote.IsIPv4MappedToIPv6)
            {
                remote = remote.MapToIPv4();
            }

            headers.TryAddWithoutValidation(ForwardedHeadersDefaults.XForwardedForHeaderName, remote.ToString());
        }

        var request = httpContext.Request;
        headers.TryAddWithoutValidation(ForwardedHeadersDefaults.XForwardedProtoHeaderName, request.Scheme);
        if (request.Host.HasValue)
        {
            headers.TryAddWithoutValidation(ForwardedHeadersDefaults.XForwardedHostHeaderName, request.Host.Value);
        }
    }
}
