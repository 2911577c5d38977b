namespace Gantry.ControlPlane.Store;

/// <summary>
/// Where app events are sent (<c>gantry notifications add</c>): a signed webhook, a Discord or Slack channel, e-mail
/// or a RabbitMQ exchange. The target is sealed (Discord and Slack URLs carry their token, AMQP URLs a password), as is
/// the webhook's signing secret.
/// </summary>
public sealed class NotificationDestinationRecord
{
    public required string Name { get; set; }

    /// <summary><c>webhook</c>, <c>discord</c>, <c>slack</c>, <c>email</c> or <c>amqp</c>.</summary>
    public required string Kind { get; set; }

    public required string SealedUrl { get; set; }

    /// <summary>The URL with its path and query cut, to show where events go without showing a token.</summary>
    public required string UrlShown { get; set; }

    /// <summary>The key webhook bodies are signed with (HMAC SHA-256); null for Discord and Slack.</summary>
    public string? SealedSecret { get; set; }

    /// <summary>Comma-separated event type patterns (<c>release.*</c>, <c>*.failed</c>).</summary>
    public required string Events { get; set; }

    /// <summary>For AMQP: the exchange events are published to.</summary>
    public string? Exchange { get; set; }

    /// <summary>Only this app's events; null: every app's.</summary>
    public string? App { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
