using System.Text.Json;

namespace Gantry.ControlPlane.Notifications;

/// <summary>
/// An app event as destinations receive it (a webhook's JSON body; Discord and Slack get it as a message). Fixed when
/// the event is written, so a retry sends the same bytes.
/// </summary>
/// <param name="Id">The idempotency key: the same in every delivery and retry of this event, to every destination.</param>
/// <param name="Type">The event type, for example <c>release.failed</c>.</param>
/// <param name="Actor">Who caused it: a user or token name, or <c>gantry</c> for the platform itself.</param>
public sealed record EventNotification(string Id, string Type, string App, int? Release, string Message, string Actor, DateTimeOffset Time)
{
    /// <summary>The JSON a webhook receives and the outbox keeps.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static EventNotification FromJson(string payload) => JsonSerializer.Deserialize<EventNotification>(payload, JsonSerializerOptions.Web)!;

    /// <summary>What 'gantry notifications test' sends: a one-off, with a key of its own.</summary>
    public static EventNotification Test(string destination, string? app, DateTimeOffset time) => new(
        $"test_{Guid.CreateVersion7():N}", "notification.test", app ?? "gantry", null, $"a test event for {destination}, sent by 'gantry notifications test'", "gantry", time);
}
