using System.Globalization;
using Gantry.Gateway.Config;
using Microsoft.Net.Http.Headers;

namespace Gantry.Gateway.Policies;

/// <summary>CORS of a route: preflights are answered by the gateway; actual requests from allowed origins get the allow headers.</summary>
internal sealed class CorsPolicy(CorsConfig spec)
{
    private readonly bool _anyOrigin = spec.Origins.Contains("*");
    private readonly string _methods = string.Join(", ", spec.Methods);
    private readonly string _headers = string.Join(", ", spec.Headers);
    private readonly string _maxAge = ((int)spec.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.Origin)
        && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod);

    public bool Allows(string origin) => _anyOrigin || spec.Origins.Contains(origin, StringComparer.OrdinalIgnoreCase);

    /// <summary>Answers a preflight: 204 with the allow headers, or 403 naming the origin or method that is not allowed.</summary>
    public Task AnswerPreflightAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        var method = context.Request.Headers.AccessControlRequestMethod.ToString();
        if (!Allows(origin))
        {
            return PolicyResponses.WriteAsync(context, 403, "Origin not allowed", $"cross-origin requests from '{origin}' are not allowed on this route");
        }

        if (!spec.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            return PolicyResponses.WriteAsync(context, 403, "Method not allowed", $"cross-origin {method} requests are not allowed on this route (allowed: {_methods})");
        }

        var headers = context.Response.Headers;
        AddOrigin(headers, origin);
        headers.AccessControlAllowMethods = _methods;
        if (_headers.Length > 0)
        {
            headers.AccessControlAllowHeaders = _headers;
        }

        headers.AccessControlMaxAge = _maxAge;
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>For an actual cross-origin request: the allow headers are added to the app's response.</summary>
    public void AddResponseHeaders(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !Allows(origin))
        {
            return;
        }

        context.Response.OnStarting(() =>
        {
            AddOrigin(context.Response.Headers, origin);
            return Task.CompletedTask;
        });
    }

    private void AddOrigin(IHeaderDictionary headers, string origin)
    {
        // With credentials the browser needs the origin itself, never '*'.
        headers.AccessControlAllowOrigin = _anyOrigin && !spec.Credentials ? "*" : origin;
        if (spec.Credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        headers.Vary = HeaderNames.Origin;
    }
}
