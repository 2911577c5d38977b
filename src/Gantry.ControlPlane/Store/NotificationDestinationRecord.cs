namespace Gantry.ControlPlane.Store;

/// <summary>
/// Where app events are sent (<c>gantry notifications add</c>): a signed webhook, a Discord or Slack channel. The URL
/// is sealed (Discord and Slack URLs carry their token), as is the webhook's signing secret.
/// </summary>
public sealed class NotificationDestinationRecord
{
    public required string Name { get; set; }

    /// <summary><c>webhook</c>, <c>discord</c> or <c>slack</c>.</summary>
    public required string Kind { get; set; }

    public required string SealedUrl { get; set; }

    /// <summary>The URL with its path and query cut, to show where events go without showing a token.</summary>
    public required string UrlShown { get; set; }

    /// <summary>The key webhook bodies are signed with (HMAC SHA-256); null for Discord and Slack.</summary>
    public string? SealedSecret { get; set; }

    /// <summary>Comma-separated event type patterns (<c>release.*</c>, <c>*.failed</c>).</summary>
    public required string Events { get; set; }

    /// <summary>Only this app's events; null: every app's.</summary>
    public string? App { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
