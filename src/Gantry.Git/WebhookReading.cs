namespace Gantry.Git;

/// <summary>What a webhook delivery says, once its signature is verified; or why it was refused or needs nothing done.</summary>
public abstract record WebhookReading
{
    /// <summary>Not verified or not readable: 401 for a missing or wrong signature, 400 for a body that cannot be read.</summary>
    public sealed record Refused(int Status, string Reason) : WebhookReading;

    /// <summary>Verified, and nothing to do (a ping, a tag, a deleted branch, an event Gantry does not act on).</summary>
    public sealed record Ignored(string Reason) : WebhookReading;

    /// <summary>A push to <paramref name="Branch"/>; <paramref name="Sha"/> null: the branch's head (a generic delivery without one).</summary>
    public sealed record Push(string Branch, string? Sha, string? Message) : WebhookReading;

    /// <summary>A pull (merge) request opened, updated or closed; <paramref name="HeadRef"/> is the ref its head can be fetched by.</summary>
    public sealed record PullRequest(int Number, PullRequestAction Action, string HeadSha, string HeadRef, string? Title) : WebhookReading;
}

public enum PullRequestAction
{
    Opened,
    Updated,
    Closed,
}
