using System.Text.Encodings.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Gantry.Gateway.Pages;

/// <summary>
/// The gateway's own answers when it cannot forward. Every value that came from a request or a route is
/// HTML-encoded, and nothing internal (addresses, exceptions) is shown.
/// </summary>
internal static class ErrorPages
{
    public static Task WriteUnknownHostAsync(HttpContext context, string host) =>
        WriteAsync(context, StatusCodes.Status404NotFound, $"No app is routed at host '{Encode(host)}'.");

    public static Task WriteUnknownPathAsync(HttpContext context, string host, string path) =>
        WriteAsync(context, StatusCodes.Status404NotFound, $"No app is routed at host '{Encode(host)}' for path '{Encode(path)}'.");

    // Instances come up within seconds during a deploy; tell clients to come back soon rather than give up.
    public static Task WriteNoReadyInstancesAsync(HttpContext context, string app) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"The app '{Encode(app)}' has no ready instances.", retryAfter: "1");

    public static Task WriteUpstreamFailedAsync(HttpContext context, string app, int statusCode) =>
        WriteAsync(context, statusCode, UpstreamFailedMessage(app, statusCode));

    /// <summary>The HTML-encoded sentence for a failed forward (504: the app said nothing in time).</summary>
    public static string UpstreamFailedMessage(string app, int statusCode) => statusCode == StatusCodes.Status504GatewayTimeout
        ? $"The app '{Encode(app)}' did not answer in time."
        : $"The app '{Encode(app)}' could not be reached.";

    internal static string Render(int statusCode, string encodedMessage)
    {
        var title = $"{statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}";
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
            <body><h1>{title}</h1><p>{encodedMessage}</p><hr><p>Gantry gateway</p></body></html>

            """;
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    private static Task WriteAsync(HttpContext context, int statusCode, string encodedMessage, string? retryAfter = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.Clear();
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        return response.WriteAsync(Render(statusCode, encodedMessage), context.RequestAborted);
    }
}
