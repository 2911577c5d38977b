using System.Text.Json;

namespace Gantry.Git;

/// <summary>
/// Reads webhook deliveries of GitHub, GitLab, Gitea (and Forgejo, which signs as Gitea) and a generic form: the
/// signature or token is verified first, then the event is read into a <see cref="WebhookReading"/>.
/// </summary>
public static class GitWebhook
{
    /// <summary>The provider names <see cref="Read"/> takes; Forgejo delivers as Gitea.</summary>
    public static IReadOnlyList<string> Providers { get; } = ["github", "gitlab", "gitea", "generic"];

    /// <param name="headers">The delivery's headers, looked up without regard to case.</param>
    public static WebhookReading Read(string provider, IReadOnlyDictionary<string, string> headers, byte[] body, string secret)
    {
        // Not the dictionary constructor: it throws on two spellings of one header, which a caller's dictionary may hold.
        var lookup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            lookup[name] = value;
        }

        string? Header(string name) => lookup.GetValueOrDefault(name);
        if (string.IsNullOrEmpty(secret) && Providers.Contains(provider))
        {
            // With an empty secret anyone could sign a delivery: nothing is accepted until the app has one.
            return new WebhookReading.Refused(401, "the app has no webhook secret, so no delivery can be verified; connect the repository again to make one");
        }

        var refusal = provider switch
        {
            "github" => Verify(WebhookSignatures.HmacMatches(Header("X-Hub-Signature-256"), "sha256=", secret, body), "X-Hub-Signature-256", "sha256=HMAC-SHA256 of the body"),
            "gitlab" => Verify(WebhookSignatures.TokenMatches(Header("X-Gitlab-Token"), secret), "X-Gitlab-Token", "the webhook's secret token"),
            "gitea" => Verify(WebhookSignatures.HmacMatches(Header("X-Gitea-Signature"), "", secret, body), "X-Gitea-Signature", "HMAC-SHA256 of the body in hex"),
            "generic" => Verify(
                WebhookSignatures.HmacMatches(Header("X-Gantry-Signature"), "sha256=", secret, body)
                || WebhookSignatures.TokenMatches(Header("Authorization") is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null, secret),
                "X-Gantry-Signature", "sha256=HMAC-SHA256 of the body, or Authorization: Bearer SECRET"),
            _ => new WebhookReading.Refused(400, $"'{provider}' is not a webhook provider Gantry reads; it reads {string.Join(", ", Providers)}"),
        };
        if (refusal is not null)
        {
            return refusal;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new WebhookReading.Refused(400, $"the delivery is not JSON (line {e.LineNumber + 1}): send the webhook with content type application/json");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new WebhookReading.Refused(400, "the delivery is not a JSON object");
            }

            return provider switch
            {
                "github" => ForgeEvents.GitHub(Header("X-GitHub-Event"), document.RootElement),
                "gitea" => ForgeEvents.Gitea(Header("X-Gitea-Event"), document.RootElement),
                "gitlab" => ForgeEvents.GitLab(Header("X-Gitlab-Event"), document.RootElement),
                _ => ForgeEvents.Generic(document.RootElement),
            };
        }
    }

    private static WebhookReading.Refused? Verify(bool matches, string header, string expected) =>
        matches ? null : new WebhookReading.Refused(401, $"{header}: the delivery's signature is missing or does not match the app's webhook secret (expected {expected})");
}
