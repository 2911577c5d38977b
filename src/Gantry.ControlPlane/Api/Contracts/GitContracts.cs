namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>
/// <c>PUT /api/v1/apps/APP/git</c>: connects the app to a repository (or changes the connection). Omitted fields keep
/// their values; on a first connection <c>repository</c> is required and <c>branch</c> defaults to main.
/// </summary>
/// <param name="Path">The app's folder inside the repository; empty: its root.</param>
/// <param name="Entry">The file to deploy in that folder; empty: gantry.yaml, score.yaml or a compose file, whichever is there.</param>
/// <param name="Previews">Deploy each opened pull request at pr-N.HOST, and remove it when the pull request closes.</param>
/// <param name="RotateSecrets">Make a new webhook secret (and deploy key, for SSH): the old ones stop working.</param>
public sealed record GitConnectRequest(string? Repository, string? Branch = null, string? Path = null, string? Entry = null, bool? Previews = null, bool? RotateSecrets = null);

/// <summary>An app's repository connection. The webhook secret is only in the answer that made it.</summary>
/// <param name="DeployKey">For an SSH repository: the public key to add to the repository as a read-only deploy key.</param>
/// <param name="WebhookPath">Where the repository's webhook posts, on the API's address (GitHub, GitLab, Gitea and generic pushes alike).</param>
public sealed record GitConnectionInfo(
    string App,
    string Repository,
    string Branch,
    string Path,
    string? Entry,
    bool Previews,
    string? DeployKey,
    string? DeployKeyFingerprint,
    string WebhookPath,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The secret the webhook signs with (HMAC SHA-256) or sends as its token: shown once, when made.</summary>
    public string? WebhookSecret { get; init; }
}

/// <summary><c>POST /api/v1/apps/APP/git/deploy</c>: builds a commit of the connected repository.</summary>
/// <param name="Ref">A branch, tag or commit; empty: the connected branch's head.</param>
public sealed record GitDeployRequest(string? Ref = null);

/// <summary>What a webhook delivery came to: a deploy queued, a preview removed, or why nothing was done.</summary>
public sealed record WebhookAnswer(string Outcome, string Detail);
