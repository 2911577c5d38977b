namespace Gantry.ControlPlane.Security.Access;

/// <summary>Where a role applies: the whole platform (every app included), the apps one team owns, or one app.</summary>
public enum ScopeKind
{
    Platform,
    Team,
    App,
}

/// <summary>A role over a scope; <see cref="Name"/> is the team's or app's (null for the platform).</summary>
public sealed record AccessScope(ScopeKind Kind, string? Name, Role Role)
{
    public static AccessScope OnPlatform(Role role) => new(ScopeKind.Platform, null, role);

    public static AccessScope OnTeam(string team, Role role) => new(ScopeKind.Team, team, role);

    public static AccessScope OnApp(string app, Role role) => new(ScopeKind.App, app, role);

    /// <summary>As claims carry it: "platform:owner", "team:web:deployer", "app:shop:viewer".</summary>
    public override string ToString() =>
        Kind == ScopeKind.Platform ? $"platform:{Roles.Name(Role)}" : $"{Kind.ToString().ToLowerInvariant()}:{Name}:{Roles.Name(Role)}";

    public static AccessScope? Parse(string text)
    {
        var parts = text.Split(':');
        return parts switch
        {
            ["platform", var role] when Roles.Parse(role) is { } r => OnPlatform(r),
            ["team", var team, var role] when Roles.Parse(role) is { } r => OnTeam(team, r),
            ["app", var app, var role] when Roles.Parse(role) is { } r => OnApp(app, r),
            _ => null,
        };
    }

    /// <summary>How a refusal names it: "deployer in team 'web'".</summary>
    public string Describe() => Kind switch
    {
        ScopeKind.Platform => Roles.Name(Role),
        ScopeKind.Team => $"{Roles.Name(Role)} in team '{Name}'",
        _ => $"{Roles.Name(Role)}, app '{Name}' only",
    };
}
