using System.Globalization;

namespace Gantry.Git;

/// <summary>
/// Fetches one commit of a repository into a folder with the real git: only that commit where the server allows it
/// (<c>--depth 1</c>), its files checked out, and no <c>.git</c> left behind (a deploy never uploads git metadata).
/// </summary>
public static class GitCheckout
{
    /// <exception cref="GitException">The repository or ref cannot be fetched; the message says why, without credentials.</exception>
    public static async Task<GitCommit> FetchAsync(GitFetchRequest request, string targetDirectory, Action<string>? log, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(targetDirectory);
        Directory.CreateDirectory(target);
        var environment = Environment(request);
        await GitAsync(target, environment, request, "prepare a folder for", cancellationToken, "init", "--quiet");
        var repository = RedactedUrls.Of(request.Repository);
        log?.Invoke($"fetching {request.Ref} from {repository}");

        var shallow = await GitProcess.RunAsync("git", Git(target, "fetch", "--quiet", "--depth", "1", "--no-tags", "--", request.Repository, request.Ref), environment, cancellationToken);
        string commitish;
        if (shallow.ExitCode == 0)
        {
            commitish = "FETCH_HEAD";
        }
        else if (IsSha(request.Ref))
        {
            // A commit that is no branch or tag head: servers that refuse to send it alone send it with everything.
            log?.Invoke($"{repository} does not send commit {request.Ref} alone; fetching its branches and tags");
            var full = await GitProcess.RunAsync(
                "git", Git(target, "fetch", "--quiet", "--no-tags", "--", request.Repository, "+refs/heads/*:refs/gantry/heads/*", "+refs/tags/*:refs/gantry/tags/*"), environment, cancellationToken);
            var resolved = full.ExitCode == 0
                ? await GitProcess.RunAsync("git", Git(target, "rev-parse", "--verify", "--quiet", request.Ref + "^{commit}"), environment, cancellationToken)
                : full;
            if (resolved.ExitCode != 0)
            {
                throw Failed(request, full.ExitCode != 0 ? full.Error : $"no commit {request.Ref} is on its branches or tags");
            }

            commitish = resolved.Output.Trim();
        }
        else
        {
            throw Failed(request, shallow.Error);
        }

        // Links are checked out as files holding their target: a link must not lead a build or the static server out of the folder.
        await GitAsync(target, environment, request, "check out", cancellationToken, "-c", "advice.detachedHead=false", "-c", "core.symlinks=false", "checkout", "--quiet", "--detach", commitish);
        var commit = await ReadCommitAsync(target, environment, request, cancellationToken);
        log?.Invoke($"checked out {commit.ShortSha}: {commit.Subject}");
        RemoveMetadata(Path.Combine(target, ".git"));
        return commit;
    }

    private static async Task<GitCommit> ReadCommitAsync(string target, IReadOnlyDictionary<string, string> environment, GitFetchRequest request, CancellationToken cancellationToken)
    {
        var fields = (await GitAsync(target, environment, request, "read the commit of", cancellationToken, "log", "-1", "--format=%H%x00%an%x00%cI%x00%B")).Split('\0', 4);
        return new GitCommit(fields[0].Trim(), fields[3].TrimEnd(), fields[1], DateTimeOffset.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>A local step (init, checkout, log); its failure says which, and names the ref and repository as a fetch's does.</summary>
    private static async Task<string> GitAsync(
        string target, IReadOnlyDictionary<string, string> environment, GitFetchRequest request, string step, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await GitProcess.RunAsync("git", Git(target, arguments), environment, cancellationToken);
        return result.ExitCode == 0
            ? result.Output
            : throw new GitException($"git could not {step} '{request.Ref}' from {RedactedUrls.Of(request.Repository)}: {LastLines(result.Error)}");
    }

    /// <summary>git in <paramref name="target"/>, where no transport may run a command (<c>ext::</c>).</summary>
    private static string[] Git(string target, params string[] arguments) => ["-C", target, "-c", "protocol.ext.allow=never", .. arguments];

    private static Dictionary<string, string> Environment(GitFetchRequest request)
    {
        var environment = new Dictionary<string, string>();
        if (request.PrivateKeyPath is { } key)
        {
            var knownHosts = request.KnownHostsPath is { } hosts ? $" -o UserKnownHostsFile={Quote(hosts)}" : "";
            if (request.KnownHostsPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.KnownHostsPath))!);
            }

            environment["GIT_SSH_COMMAND"] = $"ssh -i {Quote(key)} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new{knownHosts}";
        }

        return environment;
    }

    /// <summary>A path quoted for the shell git runs GIT_SSH_COMMAND with.</summary>
    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool IsSha(string reference) => reference.Length is >= 7 and <= 64 && reference.All(char.IsAsciiHexDigit);

    private static GitException Failed(GitFetchRequest request, string error) =>
        new($"git could not fetch '{request.Ref}' from {RedactedUrls.Of(request.Repository)}: {LastLines(error)}");

    // What git adds to every failure to reach a repository, whatever the cause: the cause is in the lines before.
    private static readonly string[] Boilerplate =
        ["fatal: Could not read from remote repository.", "Please make sure you have the correct access rights", "and the repository exists."];

    /// <summary>What git said last (its error is at the end), without its boilerplate, credentials removed.</summary>
    private static string LastLines(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var telling = lines.Where(l => !Boilerplate.Contains(l)).ToArray();
        return lines.Length == 0 ? "git gave no reason" : RedactedUrls.Of(string.Join(" ", (telling.Length > 0 ? telling : lines).TakeLast(2)));
    }

    private static void RemoveMetadata(string gitDirectory)
    {
        // Pack files are read-only: make them writable so the folder can go.
        foreach (var file in Directory.EnumerateFiles(gitDirectory, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(gitDirectory, recursive: true);
    }
}
