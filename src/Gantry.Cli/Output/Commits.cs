using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.Cli.Output;

/// <summary>A commit in one line, as git's --oneline shows it: short sha and subject.</summary>
public static class Commits
{
    public static string Line(CommitInfo commit) =>
        $"{(commit.Sha.Length > 7 ? commit.Sha[..7] : commit.Sha)} {commit.Message.Split('\n', 2)[0].Trim()}".TrimEnd();
}
