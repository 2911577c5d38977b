using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Events;
using Gantry.Git;

namespace Gantry.ControlPlane.Git;

/// <summary>
/// Webhook deliveries from GitHub, GitLab, Gitea (and Forgejo) or anything that signs like them: verified with the
/// app's secret, then a push to the connected branch deploys its commit, and a pull request (with previews on)
/// deploys or removes its preview. The work is queued; the answer says what was queued or why nothing was.
/// </summary>
public sealed class GitHooks(GitConnections connections, GitDeployer deployer, DeployService deploys, GitHookQueue queue, AppEventLog events)
{
    /// <summary>Which provider sent a delivery, from the event header each sends (Gitea also sends GitHub's, so it goes first).</summary>
    public static string Provider(IReadOnlyDictionary<string, string> headers) =>
        headers.ContainsKey("X-Gitea-Event") ? "gitea"
        : headers.ContainsKey("X-Gitlab-Event") ? "gitlab"
        : headers.ContainsKey("X-GitHub-Event") ? "github"
        : "generic";

    public async Task<(int Status, WebhookAnswer Answer)> HandleAsync(string app, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken cancellationToken)
    {
        var provider = Provider(headers);
        if (await connections.OpenAsync(app, cancellationToken) is not { } connection)
        {
            // The same answer as a wrong signature: a caller without the secret learns nothing about which apps exist.
            return (StatusCodes.Status401Unauthorized, new WebhookAnswer("refused", "the delivery's signature does not match, or no app of that name is connected to a repository"));
        }

        var record = connection.Record;
        var actor = $"webhook ({provider})";
        switch (GitWebhook.Read(provider, headers, body, connection.WebhookSecret))
        {
            case WebhookReading.Refused refused:
                return (refused.Status, new WebhookAnswer("refused", refused.Reason));
            case WebhookReading.Ignored ignored:
                return (StatusCodes.Status200OK, new WebhookAnswer("ignored", ignored.Reason));
            case WebhookReading.Push push when push.Branch != record.Branch:
                return (StatusCodes.Status200OK, new WebhookAnswer("ignored", $"a push to '{push.Branch}': {app} deploys pushes to '{record.Branch}'"));
            case WebhookReading.Push push:
                var what = $"{push.Branch}@{Short(push.Sha) ?? "head"}";
                queue.Enqueue($"deploy {app} {what}", ct => deployer.DeployAsync(app, push.Sha ?? push.Branch, actor, ct));
                await events.WriteAsync(app, null, "git.push", $"push to {what} received from {provider}: deploying it", actor, cancellationToken);
                return (StatusCodes.Status202Accepted, new WebhookAnswer("deploying", $"deploying {what}"));
            case WebhookReading.PullRequest when !record.Previews:
                return (StatusCodes.Status200OK, new WebhookAnswer("ignored", $"previews are off for {app}; turn them on with 'gantry apps connect {app} --previews'"));
            case WebhookReading.PullRequest { Action: PullRequestAction.Closed } closed:
                var preview = GitOrigin.PreviewApp(app, closed.Number);
                queue.Enqueue($"remove {preview}", async ct =>
                {
                    if (await deploys.DeleteAsync(preview, purge: true, actor, ct))
                    {
                        await events.WriteAsync(app, null, "git.preview.removed", $"pull request #{closed.Number} closed: preview {preview} removed", actor, ct);
                    }
                });
                return (StatusCodes.Status202Accepted, new WebhookAnswer("removing", $"removing preview {preview}"));
            case WebhookReading.PullRequest opened:
                var name = GitOrigin.PreviewApp(app, opened.Number);
                queue.Enqueue($"deploy {name}", ct => deployer.DeployAsync(app, opened.HeadRef, actor, ct, opened.Number));
                await events.WriteAsync(app, null, "git.preview", $"pull request #{opened.Number} {opened.Action.ToString().ToLowerInvariant()}: deploying preview {name} from {Short(opened.HeadSha)}", actor, cancellationToken);
                return (StatusCodes.Status202Accepted, new WebhookAnswer("deploying", $"deploying preview {name}"));
            default:
                return (StatusCodes.Status200OK, new WebhookAnswer("ignored", "nothing to do for this delivery"));
        }
    }

    private static string? Short(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha;
}
