using System.Text.Json;

namespace Gantry.Git;

/// <summary>Each provider's push and pull request payloads, read into <see cref="WebhookReading"/>s (only the fields Gantry acts on).</summary>
internal static class ForgeEvents
{
    private const string Heads = "refs/heads/";

    public static WebhookReading GitHub(string? kind, JsonElement root) => kind switch
    {
        "ping" => new WebhookReading.Ignored("a ping: the webhook reaches Gantry and its secret matches"),
        "push" => Push(root, Text(root, "after"), Text(root, "head_commit", "message")),
        "pull_request" => PullRequest(root, Text(root, "action"), "refs/pull/{0}/head", opened: ["opened", "reopened"], updated: ["synchronize"], closed: ["closed"]),
        _ => new WebhookReading.Ignored($"a '{kind ?? "(unnamed)"}' event: Gantry acts on push and pull_request"),
    };

    public static WebhookReading Gitea(string? kind, JsonElement root) => kind switch
    {
        "push" => Push(root, Text(root, "after"), Text(root, "head_commit", "message") ?? LastCommitMessage(root)),
        "pull_request" => PullRequest(root, Text(root, "action"), "refs/pull/{0}/head", opened: ["opened", "reopened"], updated: ["synchronized"], closed: ["closed"]),
        _ => new WebhookReading.Ignored($"a '{kind ?? "(unnamed)"}' event: Gantry acts on push and pull_request"),
    };

    public static WebhookReading GitLab(string? kind, JsonElement root)
    {
        switch (kind)
        {
            case "Push Hook":
                var sha = Text(root, "checkout_sha");
                if (sha is null)
                {
                    return new WebhookReading.Ignored("a branch was deleted");
                }

                var message = root.TryGetProperty("commits", out var commits) && commits.ValueKind == JsonValueKind.Array
                    ? commits.EnumerateArray().Where(c => Text(c, "id") == sha).Select(c => Text(c, "message")).LastOrDefault()
                    : null;
                return Push(root, sha, message);
            case "Merge Request Hook":
                var attributes = root.TryGetProperty("object_attributes", out var a) ? a : default;
                if (attributes.ValueKind != JsonValueKind.Object || !attributes.TryGetProperty("iid", out var iid) || !iid.TryGetInt32(out var number))
                {
                    return Missing("merge request", "object_attributes.iid");
                }

                var head = Text(attributes, "last_commit", "id");
                var action = Text(attributes, "action");
                return Reading(number, action, head, $"refs/merge-requests/{number}/head", Text(attributes, "title"), opened: ["open", "reopen"], updated: ["update"], closed: ["close", "merge"], "object_attributes.last_commit.id");
            default:
                return new WebhookReading.Ignored($"a '{kind ?? "(unnamed)"}' event: Gantry acts on Push Hook and Merge Request Hook");
        }
    }

    /// <summary><c>{"ref": "refs/heads/main" or "main", "sha"?: "…", "message"?: "…"}</c>.</summary>
    public static WebhookReading Generic(JsonElement root)
    {
        var reference = Text(root, "ref");
        if (reference is null)
        {
            return Missing("push", "ref");
        }

        return reference.StartsWith("refs/", StringComparison.Ordinal) && !reference.StartsWith(Heads, StringComparison.Ordinal)
            ? new WebhookReading.Ignored($"'{reference}' is not a branch")
            : new WebhookReading.Push(reference.StartsWith(Heads, StringComparison.Ordinal) ? reference[Heads.Length..] : reference, Text(root, "sha"), Text(root, "message"));
    }

    private static WebhookReading Push(JsonElement root, string? sha, string? message)
    {
        var reference = Text(root, "ref");
        if (reference is null)
        {
            return Missing("push", "ref");
        }

        if (!reference.StartsWith(Heads, StringComparison.Ordinal))
        {
            return new WebhookReading.Ignored($"a push to '{reference}', not to a branch");
        }

        if ((root.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True) || sha is null || sha.All(c => c == '0'))
        {
            return new WebhookReading.Ignored($"branch '{reference[Heads.Length..]}' was deleted");
        }

        return new WebhookReading.Push(reference[Heads.Length..], sha, message);
    }

    private static WebhookReading PullRequest(JsonElement root, string? action, string headRef, string[] opened, string[] updated, string[] closed)
    {
        if (!root.TryGetProperty("number", out var n) || !n.TryGetInt32(out var number))
        {
            return Missing("pull request", "number");
        }

        var head = Text(root, "pull_request", "head", "sha");
        return Reading(number, action, head, string.Format(System.Globalization.CultureInfo.InvariantCulture, headRef, number), Text(root, "pull_request", "title"), opened, updated, closed, "pull_request.head.sha");
    }

    private static WebhookReading Reading(int number, string? action, string? head, string headRef, string? title, string[] opened, string[] updated, string[] closed, string headField)
    {
        PullRequestAction? kind = opened.Contains(action) ? PullRequestAction.Opened
            : updated.Contains(action) ? PullRequestAction.Updated
            : closed.Contains(action) ? PullRequestAction.Closed
            : null;
        if (kind is null)
        {
            return new WebhookReading.Ignored($"pull request #{number} '{action}': previews change when one is opened, updated or closed");
        }

        return head is null && kind != PullRequestAction.Closed
            ? Missing("pull request", headField)
            : new WebhookReading.PullRequest(number, kind.Value, head ?? "", headRef, title);
    }

    private static string? LastCommitMessage(JsonElement root) =>
        root.TryGetProperty("commits", out var commits) && commits.ValueKind == JsonValueKind.Array && commits.GetArrayLength() > 0
            ? Text(commits[commits.GetArrayLength() - 1], "message")
            : null;

    private static WebhookReading.Refused Missing(string what, string field) => new(400, $"the {what} event has no '{field}'");

    /// <summary>The string at a path of properties; null when any step is missing or not of that kind.</summary>
    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
