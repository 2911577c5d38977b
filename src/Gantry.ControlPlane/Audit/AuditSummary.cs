using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.ControlPlane.Audit;

/// <summary>
/// What an audited request asked for, as a short text: its route's values and its body's fields. Values that may be
/// secret (settings, files, passwords, keys, tokens, certificates, URLs that can carry a token) are left out; their
/// names stay, so the entry still says what was changed.
/// </summary>
public static class AuditSummary
{
    private const int MaxLength = 2000;

    /// <summary>Fields whose values are never kept: the whole value goes, its keys stay for objects.</summary>
    private static readonly string[] SecretWords = ["password", "secret", "token", "key", "certificate", "values", "files", "webhook", "discord", "slack", "amqp", "kubeconfig", "code", "verifier"];

    public static string Of(HttpRequest request, IEnumerable<object?> arguments)
    {
        var route = request.RouteValues;
        var summary = new JsonObject();
        foreach (var (name, value) in route)
        {
            summary[name] = value?.ToString();
        }

        // Only the API's own request records: not the HttpContext, services, streams or cancellation tokens.
        var requests = arguments.Where(a => a?.GetType().Namespace == "Gantry.ControlPlane.Api.Contracts").ToList();
        foreach (var argument in requests)
        {
            if (JsonSerializer.SerializeToNode(argument, argument!.GetType(), JsonSerializerOptions.Web) is JsonObject body)
            {
                foreach (var (name, value) in body.ToList())
                {
                    body.Remove(name);
                    if (value is not null)
                    {
                        summary[name] = Redact(name, value);
                    }
                }
            }
        }

        // Endpoints that read their body themselves (a deploy's upload): what came, not what it held.
        if (requests.Count == 0 && request.ContentType is { } contentType)
        {
            summary["body"] = contentType.Split(';')[0] + (request.ContentLength is { } length ? $", {length} bytes" : "");
        }

        var text = summary.ToJsonString();
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
    }

    private static JsonNode? Redact(string name, JsonNode value)
    {
        if (SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            return value is JsonObject keyed ? new JsonArray([.. keyed.Select(k => (JsonNode?)k.Key)]) : "(not recorded)";
        }

        return value is JsonValue scalar && scalar.ToString() is { Length: > 200 } text ? text[..200] + "…" : value.DeepClone();
    }
}
