namespace Gantry.Git;

/// <summary>Which commit of which repository to fetch: <paramref name="Ref"/> is a branch, tag, other ref (refs/pull/7/head) or a commit sha.</summary>
public sealed record GitFetchRequest(string Repository, string Ref)
{
    /// <summary>An OpenSSH private key for ssh repositories (the app's deploy key); null: ssh's own configuration.</summary>
    public string? PrivateKeyPath { get; init; }

    /// <summary>The known_hosts file SSH hosts are remembered in (trusted on first use); null: the user's own.</summary>
    public string? KnownHostsPath { get; init; }
}
