namespace Gantry.ControlPlane.Notifications;

/// <summary>A destination with its URL and secret unsealed, as the outbox and a test delivery use it.</summary>
public sealed record OpenedDestination(string Name, string Kind, Uri Url, string? Secret, EventPatterns Events, string? App)
{
    /// <summary>Notifications about notifications would feed themselves, so <c>notification.*</c> events stay in the event log.</summary>
    public bool Takes(string app, string type) =>
        (App is null || App == app) && !type.StartsWith("notification.", StringComparison.Ordinal) && Events.Matches(type);
}
