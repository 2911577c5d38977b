namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>An API token as listed: never its value or hash.</summary>
/// <param name="App">The one app it may act on; null: not narrowed to an app.</param>
/// <param name="Team">The one team whose apps it may act on; null: not narrowed to a team.</param>
/// <param name="Workload">The one workload of <paramref name="App"/> its deploys may change.</param>
/// <param name="User">The user a sign-in made it for: it grants what that user may do (<paramref name="Role"/> is empty).</param>
/// <param name="LastUsedAt">When a request last came with it, to the minute; null: never.</param>
public sealed record TokenInfo(
    string Name, string Role, string? App, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt,
    string? Team = null, string? Workload = null, string? User = null);

/// <summary>
/// A token to make: <c>role</c> owner, admin, deployer (default) or viewer; <c>app</c> or <c>team</c> narrows it to one
/// app or one team's apps; <c>workload</c> (with <c>app</c>) to deploying that workload only.
/// </summary>
public sealed record CreateTokenRequest(string? Name, string? Role = null, string? App = null, DateTimeOffset? ExpiresAt = null, string? Team = null, string? Workload = null);

/// <summary>A new token: <paramref name="Token"/> is shown in this answer only.</summary>
public sealed record TokenCreated(string Token, TokenInfo Info);
