namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>An API token as listed: never its value or hash.</summary>
/// <param name="App">The one app it may act on; null: every app and the platform.</param>
/// <param name="LastUsedAt">When a request last came with it, to the minute; null: never.</param>
public sealed record TokenInfo(
    string Name, string Role, string? App, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

/// <summary>A token to make: <c>role</c> owner, admin, deployer (default) or viewer; <c>app</c> narrows it to one app.</summary>
public sealed record CreateTokenRequest(string? Name, string? Role = null, string? App = null, DateTimeOffset? ExpiresAt = null);

/// <summary>A new token: <paramref name="Token"/> is shown in this answer only.</summary>
public sealed record TokenCreated(string Token, TokenInfo Info);
