namespace Gantry.Git;

/// <summary>A fetched commit: what a release records about where its files came from.</summary>
public sealed record GitCommit(string Sha, string Message, string Author, DateTimeOffset CommittedAt)
{
    public string ShortSha => Sha.Length > 7 ? Sha[..7] : Sha;

    /// <summary>The message's first line.</summary>
    public string Subject => Message.Split('\n', 2)[0].Trim();
}
