using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Gantry.Gateway.Forwarding;

/// <summary>Which requests may be sent again to another destination: idempotent methods whose body is known to be empty.</summary>
internal static class RetryPolicy
{
    public static bool IsReplayable(HttpRequest request)
    {
        var method = request.Method;
        var idempotent = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);
        if (!idempotent)
        {
            return false;
        }

        // A body is read once from the client; without buffering it there is nothing to replay.
        if (request.Headers.ContainsKey(HeaderNames.TransferEncoding))
        {
            return false;
        }

        var contentLength = request.ContentLength;
        return contentLength == 0
            || (contentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true);
    }
}
