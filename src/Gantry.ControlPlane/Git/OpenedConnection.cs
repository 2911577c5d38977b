using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Git;

/// <summary>A connection with its secrets opened, for fetching and verifying webhooks; never returned by the API.</summary>
public sealed record OpenedConnection(GitConnectionRecord Record, string WebhookSecret, string? PrivateKey);
