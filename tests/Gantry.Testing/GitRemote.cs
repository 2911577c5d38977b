namespace Gantry.Testing;

/// <summary>
/// A real repository for tests that deploy from Git: a bare repository (what a forge serves, reached by its file://
/// URL) and a working clone whose commits are pushed to it.
/// </summary>
public sealed class GitRemote : IDisposable
{
    private readonly TempDirectory _root = new("gantry-git");

    public GitRemote(string branch = "main")
    {
        Bare = _root.Combine("remote.git");
        Work = _root.Combine("work");
        GitCli.Run(_root.Path, "init", "--quiet", "--bare", $"--initial-branch={branch}", Bare);
        GitCli.Run(_root.Path, "init", "--quiet", $"--initial-branch={branch}", Work);
        Branch = branch;
    }

    public string Bare { get; }

    /// <summary>The working copy: write files here, then <see cref="CommitAndPush"/>.</summary>
    public string Work { get; }

    public string Branch { get; }

    public string Url => new Uri(Bare).AbsoluteUri;

    /// <summary>Commits everything in the working copy and pushes it to <paramref name="remoteRef"/> (default: the branch); returns the commit's sha.</summary>
    public string CommitAndPush(string message, string? remoteRef = null)
    {
        GitCli.Run(Work, "add", "--all");
        GitCli.Run(Work, "-c", "user.name=Ada", "-c", "user.email=ada@example.com", "commit", "--quiet", "--allow-empty", "-m", message);
        GitCli.Run(Work, "push", "--quiet", Bare, $"HEAD:{remoteRef ?? "refs/heads/" + Branch}");
        return GitCli.Run(Work, "rev-parse", "HEAD").Trim();
    }

    public void Dispose() => _root.Dispose();
}
