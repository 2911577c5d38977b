using Microsoft.AspNetCore.HttpOverrides;
using Yarp.ReverseProxy.Forwarder;

namespace Gantry.Gateway.Forwarding;

/// <summary>
/// Copies the request as is (Host included, so apps see the name they are served at) and sets X-Forwarded-For,
/// -Proto and -Host. The gateway is the edge, so whatever the client sent in those headers is dropped, not appended to.
/// </summary>
internal sealed class ForwardedHeadersTransformer : HttpTransformer
{
    // RFC 7239's standard form and the prefix header carry the same claims; drop them too so no app trusts a client's word.
    private const string Forwarded = "Forwarded";

    public static ForwardedHeadersTransformer Instance { get; } = new();

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

    private static async ValueTask AddAfterAsync(ValueTask copied, HttpContext httpContext, HttpRequestMessage proxyRequest)
    {
        await copied;
        AddForwardedHeaders(httpContext, proxyRequest);
    }

    private static void AddForwardedHeaders(HttpContext httpContext, HttpRequestMessage proxyRequest)
    {
        var headers = proxyRequest.Headers;
        headers.Remove(ForwardedHeadersDefaults.XForwardedForHeaderName);
        headers.Remove(ForwardedHeadersDefaults.XForwardedProtoHeaderName);
        headers.Remove(ForwardedHeadersDefaults.XForwardedHostHeaderName);
        headers.Remove(ForwardedHeadersDefaults.XForwardedPrefixHeaderName);
        headers.Remove(Forwarded);

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
