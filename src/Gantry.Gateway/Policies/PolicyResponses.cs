using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gantry.Gateway.Policies;

/// <summary>Refusals by the gateway, as RFC 9457 problem details: a status, a title and a detail that names the reason.</summary>
internal static class PolicyResponses
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        response.Headers.CacheControl = "no-store";
        var body = JsonSerializer.SerializeToUtf8Bytes(new ProblemBody($"https://gantry.dev/problems/{status}", title, status, detail), ProblemJson.Options);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private sealed record ProblemBody(string Type, string Title, int Status, string Detail);

    private static class ProblemJson
    {
        // Relaxed: the body is JSON, never HTML, and "the token's" reads better than "the token\u0027s".
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
