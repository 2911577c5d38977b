using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.ControlPlane.Notifications;

/// <summary>The body each kind of HTTP destination takes: the event itself for a webhook, a chat message for Discord and Slack.</summary>
public static class DestinationMessages
{
    public const string Webhook = "webhook";
    public const string Discord = "discord";
    public const string Slack = "slack";
    public const string Email = "email";
    public const string Amqp = "amqp";

    public static byte[] Body(string kind, EventNotification notification, string payload) => kind switch
    {
        Webhook => Encoding.UTF8.GetBytes(payload),
        // Discord caps content at 2,000 characters; mentions are switched off so an event's text cannot ping @everyone.
        Discord => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["username"] = "Gantry",
            ["content"] = Cut($"**{notification.App}** · `{notification.Type}`{ReleaseOf(notification)}\n{notification.Message}", 2000),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        }),
        Slack => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["text"] = Cut($"*{SlackEscape(notification.App)}* · `{notification.Type}`{ReleaseOf(notification)}\n{SlackEscape(notification.Message)}", 3000),
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a destination kind"),
    };

    private static string ReleaseOf(EventNotification n) => n.Release is { } r ? $" · release {r}" : "";

    /// <summary>Slack reads &amp;, &lt; and &gt; as markup (links, mentions); its documentation asks for these three escaped.</summary>
    private static string SlackEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
