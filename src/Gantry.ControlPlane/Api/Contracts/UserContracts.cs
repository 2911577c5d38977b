namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A user as listed: never the password or its hash.</summary>
/// <param name="Role">The role on every app and the platform; null: only what the teams and single apps give.</param>
/// <param name="Apps">The user's own roles on single apps, beside what the platform role and the teams give.</param>
public sealed record UserInfo(
    string Name, string? Role, string? Email, IReadOnlyList<TeamRoleInfo> Teams, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? LastSignInAt, bool HasPassword,
    IReadOnlyList<AppRoleInfo>? Apps = null);

public sealed record TeamRoleInfo(string Team, string Role);

public sealed record AppRoleInfo(string App, string Role);

/// <summary>
/// A user to add: with <c>team</c>, <c>role</c> is the role in that team (default deployer); without, on the whole
/// platform, or <c>none</c> for a user whose roles are all on single apps. A user without a password cannot sign in
/// until one is set.
/// </summary>
public sealed record CreateUserRequest(string? Name, string? Password = null, string? Role = null, string? Team = null, string? Email = null);

public sealed record SetPasswordRequest(string? Password);

/// <summary>The caller's own new password: <c>currentPassword</c> proves it is them.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? Password);

/// <summary>A sign-in: answered with a token for the CLI (<c>gantry login</c>); <c>code</c> for a user with a second factor.</summary>
public sealed record SignInRequest(string? User, string? Password, string? Code = null);

/// <summary>A CLI's sign-in through the console: the one-time code its loopback listener got, and its PKCE verifier.</summary>
public sealed record CliSignInRequest(string? Code, string? Verifier);

/// <summary>A second factor's secret, shown once: type it or open <paramref name="Uri"/> (otpauth://) in an authenticator app.</summary>
public sealed record TotpSetup(string Secret, string Uri);

public sealed record TotpCodeRequest(string? Code);

/// <summary>A sign-in's token (shown once), whose roles are the user's own, until <paramref name="ExpiresAt"/>.</summary>
public sealed record SignedIn(string Token, string TokenName, string User, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes);

/// <summary>Who the caller is: a token's or a user's name, and what it may do ("platform:owner", "team:web:deployer").</summary>
public sealed record CallerInfo(string Name, string? User, IReadOnlyList<string> Scopes, string? Workload);

public sealed record TeamInfo(string Name, IReadOnlyList<TeamMemberInfo> Members, IReadOnlyList<string> Apps, DateTimeOffset CreatedAt, string? CreatedBy);

public sealed record TeamMemberInfo(string User, string Role);

public sealed record CreateTeamRequest(string? Name);

/// <summary>A member's role in a team (default deployer), or a user's own role on one app (default viewer).</summary>
public sealed record SetMemberRequest(string? Role = null);

/// <summary>The team that owns an app; null: none.</summary>
public sealed record SetAppTeamRequest(string? Team);

/// <summary>The environment whose cluster a team's kubeconfig is for.</summary>
public sealed record KubeconfigRequest(string? Environment);
