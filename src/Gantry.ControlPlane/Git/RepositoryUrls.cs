using System.Text.RegularExpressions;

namespace Gantry.ControlPlane.Git;

/// <summary>What Gantry accepts as a repository URL and a branch name, for app repositories and GitOps targets alike.</summary>
public static partial class RepositoryUrls
{
    /// <summary>A URL with a user and password or a token in it: refused, so no secret is ever stored or shown.</summary>
    public static bool HasCredentials(string url) => Credentials().IsMatch(url);

    /// <summary>ssh://… or scp-like user@host:path: git reaches it with an SSH key.</summary>
    public static bool IsSsh(string url) =>
        url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || ScpLike().IsMatch(url);

    public static bool IsBranchName(string branch) => Branch().IsMatch(branch) && !branch.Contains("..", StringComparison.Ordinal) && !branch.StartsWith('-');

    [GeneratedRegex(@"^[A-Za-z0-9._/-]{1,200}$")]
    private static partial Regex Branch();

    [GeneratedRegex(@"^[a-z+]+://[^/@\s]*:[^/@\s]*@|^https?://[^/@\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex Credentials();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:")]
    private static partial Regex ScpLike();
}
