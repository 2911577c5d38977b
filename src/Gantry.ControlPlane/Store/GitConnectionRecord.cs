namespace Gantry.ControlPlane.Store;

/// <summary>
/// An app's Git repository: where its files come from on 'gantry deploy APP --git' and on a push. The webhook secret
/// and the deploy key's private half are sealed (data protection), as every secret at rest.
/// </summary>
public sealed class GitConnectionRecord
{
    public required string App { get; set; }

    /// <summary>The repository's URL (https://, ssh://, git@host:path or a local path); never with credentials.</summary>
    public required string Repository { get; set; }

    /// <summary>The branch whose pushes deploy, and what '--git' without a ref builds.</summary>
    public required string Branch { get; set; }

    /// <summary>The app's folder inside the repository; empty: its root.</summary>
    public string Path { get; set; } = "";

    /// <summary>The file to deploy in that folder; null: gantry.yaml, score.yaml or a compose file, whichever is there.</summary>
    public string? Entry { get; set; }

    /// <summary>Whether pull requests deploy previews at pr-N.HOST.</summary>
    public bool Previews { get; set; }

    /// <summary>The deploy key's public half (OpenSSH), for SSH repositories; null for others.</summary>
    public string? DeployKeyPublic { get; set; }

    public string? SealedDeployKey { get; set; }

    public required string SealedWebhookSecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
