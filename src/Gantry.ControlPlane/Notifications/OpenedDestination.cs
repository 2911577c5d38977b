namespace Gantry.ControlPlane.Notifications;

/// <summary>A destination with its target and secret unsealed, as the outbox and a test delivery use it.</summary>
/// <param name="Target">An http(s) or amqp(s) URL, or for e-mail <c>mailto:</c> and the addresses, comma-separated.</param>
/// <param name="Exchange">For AMQP: the exchange events are published to.</param>
public sealed record OpenedDestination(string Name, string Kind, string Target, string? Secret, EventPatterns Events, string? App, string? Exchange = null)
{
    /// <summary>Notifications about notifications would feed themselves, so <c>notification.*</c> events stay in the event log.</summary>
    public bool Takes(string app, string type) =>
        (App is null || App == app) && !type.StartsWith("notification.", StringComparison.Ordinal) && Events.Matches(type);
}
