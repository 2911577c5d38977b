using Microsoft.Net.Http.Headers;

namespace Gantry.ControlPlane.Api;

/// <summary>
/// JSON is UTF-8 (RFC 8259): a body declared as JSON in another charset is refused with 415 before an endpoint reads it,
/// where the framework's reader would fail on an unknown charset with an error of its own (a 500).
/// </summary>
public static class JsonCharsetCheck
{
    public static void UseJsonCharsetCheck(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.Request.HasJsonContentType()
            && MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.Charset is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            await ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, $"Content-Type: JSON must be UTF-8, not charset '{charset}'").ExecuteAsync(context);
            return;
        }

        await next(context);
    });
}
