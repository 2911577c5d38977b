using Gantry.AppModel.Compose;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Hosting;
using Gantry.Git;

namespace Gantry.ControlPlane.Git;

/// <summary>
/// Deploys a commit of an app's connected repository: fetches it (only that commit, without its history), finds the
/// app's folder and file in it, and creates a release that records the commit, as an upload of that folder would.
/// </summary>
public sealed partial class GitDeployer(GitConnections connections, DeployService deploys, DataDirectory data, AppEventLog events, ILogger<GitDeployer> logger)
{
    /// <summary>What is deployed when the connection names no file, in this order.</summary>
    public static readonly string[] Entries =
        ["gantry.yaml", "gantry.yml", "score.yaml", "score.yml", "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

    /// <param name="gitRef">A branch, tag or commit; null: the connected branch.</param>
    /// <param name="pullRequest">Deploys the app's preview for this pull request (<c>APP-pr-N</c> at <c>pr-N.HOST</c>).</param>
    public async Task<DeployOutcome> DeployAsync(string app, string? gitRef, string actor, CancellationToken cancellationToken, int? pullRequest = null)
    {
        var outcome = await FetchAndDeployAsync(app, gitRef, actor, pullRequest, cancellationToken);
        // A webhook's deploy has no one waiting for its answer: the app's events say why it did not happen.
        var failure = outcome switch
        {
            DeployOutcome.Refused refused => refused.Message,
            DeployOutcome.Invalid invalid => string.Join("; ", invalid.Errors),
            _ => null,
        };
        if (failure is not null && !(outcome is DeployOutcome.Refused { StatusCode: StatusCodes.Status404NotFound }))
        {
            await events.WriteAsync(app, null, "git.deploy.failed", $"{gitRef ?? "the connected branch"}: {failure}", actor, cancellationToken);
        }

        return outcome;
    }

    private async Task<DeployOutcome> FetchAndDeployAsync(string app, string? gitRef, string actor, int? pullRequest, CancellationToken cancellationToken)
    {
        if (await connections.OpenAsync(app, cancellationToken) is not { } connection)
        {
            return new DeployOutcome.Refused(StatusCodes.Status404NotFound, $"app '{app}' is not connected to a repository; connect it with 'gantry apps connect {app} --repo URL'");
        }

        var record = connection.Record;
        var reference = string.IsNullOrWhiteSpace(gitRef) ? record.Branch : gitRef.Trim();
        if (reference.StartsWith('-') || reference.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || reference.Length > 250)
        {
            return new DeployOutcome.Refused(StatusCodes.Status400BadRequest, $"ref: '{reference}' is not a branch, tag or commit");
        }

        var checkout = deploys.NewIncomingDirectory();
        var keyFile = connection.PrivateKey is { } key ? WriteKey(key) : null;
        try
        {
            GitCommit commit;
            try
            {
                var request = new GitFetchRequest(record.Repository, reference) { PrivateKeyPath = keyFile, KnownHostsPath = data.GitKnownHosts };
                commit = await GitCheckout.FetchAsync(request, checkout, line => LogFetch(logger, app, line), cancellationToken);
            }
            catch (GitException e)
            {
                return new DeployOutcome.Refused(StatusCodes.Status422UnprocessableEntity, e.Message);
            }

            var folder = record.Path.Length == 0 ? checkout : Path.Combine(checkout, record.Path);
            if (!Directory.Exists(folder))
            {
                return new DeployOutcome.Refused(StatusCodes.Status400BadRequest, $"path: commit {commit.ShortSha} of {record.Repository} has no folder '{record.Path}'");
            }

            var entry = record.Entry ?? Entries.FirstOrDefault(e => File.Exists(Path.Combine(folder, e)));
            if (entry is null || !File.Exists(Path.Combine(folder, entry)))
            {
                var where = record.Path.Length == 0 ? "its root" : $"'{record.Path}'";
                return new DeployOutcome.Refused(StatusCodes.Status400BadRequest, entry is null
                    ? $"entry: commit {commit.ShortSha} has no gantry.yaml, score.yaml or compose file in {where}; name the file with 'gantry apps connect {app} --entry FILE'"
                    : $"entry: commit {commit.ShortSha} has no '{entry}' in {where}");
            }

            // The app's folder becomes the upload; DeployAsync moves it into the release or deletes it.
            var incoming = folder;
            if (folder != checkout)
            {
                incoming = deploys.NewIncomingDirectory();
                Directory.Move(folder, incoming);
            }

            var origin = new GitOrigin(app, commit.Sha, commit.Message) { PullRequest = pullRequest };
            var source = pullRequest is int number ? $"git pull request #{number} ({commit.ShortSha})" : $"git {reference}@{commit.ShortSha}";
            return await deploys.DeployAsync(incoming, entry, source, actor, cancellationToken, new ComposeImportOptions(app, Provision: false), origin);
        }
        finally
        {
            if (Directory.Exists(checkout))
            {
                Directory.Delete(checkout, recursive: true);
            }

            if (keyFile is not null)
            {
                File.Delete(keyFile);
            }
        }
    }

    /// <summary>The deploy key, for this fetch only, where ssh accepts it (readable by its owner alone).</summary>
    private string WriteKey(string privateKey)
    {
        Directory.CreateDirectory(data.Git);
        var path = Path.Combine(data.Git, $"key-{Guid.NewGuid():N}");
        DataDirectory.WriteOwnerOnly(path, privateKey.EndsWith('\n') ? privateKey : privateKey + "\n");
        return path;
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "git for {App}: {Line}")]
    private static partial void LogFetch(ILogger logger, string app, string line);
}
