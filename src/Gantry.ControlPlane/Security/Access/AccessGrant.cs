using System.Security.Claims;

namespace Gantry.ControlPlane.Security.Access;

/// <summary>
/// What an authenticated caller may do: roles over scopes (a token's one scope, or a user's platform role and teams),
/// optionally narrowed to one workload's deploys, until it expires. <see cref="AccessGate"/> checks it against <see cref="AccessTable"/>.
/// </summary>
public sealed record AccessGrant(string Name, IReadOnlyList<AccessScope> Scopes, string? Workload = null, DateTimeOffset? ExpiresAt = null, string? User = null)
{
    private const string ScopeClaim = "gantry:scope";
    private const string WorkloadClaim = "gantry:workload";
    private const string UserClaim = "gantry:user";

    public bool ExpiredAt(DateTimeOffset now) => ExpiresAt is { } at && at <= now;

    /// <summary>The role on the platform itself (settings, targets, listing every app); null when the grant is for teams or an app only.</summary>
    public Role? PlatformRole => Scopes.Where(s => s.Kind == ScopeKind.Platform).Max(s => (Role?)s.Role);

    /// <summary>The highest role anywhere: what a deploy of not-yet-named files is checked against first.</summary>
    public Role? Highest => Scopes.Max(s => (Role?)s.Role);

    /// <summary>The one app a token for one app may act on; null for any other grant.</summary>
    public string? OnlyApp => Scopes is [{ Kind: ScopeKind.App, Name: var app }] ? app : null;

    /// <summary>True when a role depends on which team owns an app (so the gate has to look the app's team up).</summary>
    public bool HasTeams => Scopes.Any(s => s.Kind == ScopeKind.Team);

    /// <summary>The teams in which the grant holds at least <paramref name="least"/>.</summary>
    public IEnumerable<string> TeamsWith(Role least) => Scopes.Where(s => s.Kind == ScopeKind.Team && s.Role >= least).Select(s => s.Name!);

    /// <summary>The role on <paramref name="app"/>, owned by <paramref name="team"/> (null: by no team); null when none reaches it.</summary>
    public Role? RoleOn(string app, string? team) => Scopes.Where(s => s.Kind switch
    {
        ScopeKind.Platform => true,
        ScopeKind.Team => team is not null && s.Name == team,
        _ => s.Name == app,
    }).Max(s => (Role?)s.Role);

    /// <summary>The role over a team's apps: a platform role or the role in that team.</summary>
    public Role? RoleInTeam(string team) =>
        Scopes.Where(s => s.Kind == ScopeKind.Platform || (s.Kind == ScopeKind.Team && s.Name == team)).Max(s => (Role?)s.Role);

    /// <summary>How refusals name the caller: "token 'ci-shop' (deployer, app 'shop' only)", "user 'ana' (viewer; deployer in team 'web')".</summary>
    public string Describe() =>
        $"{(User is null ? "token" : "user")} '{Name}' ({(Scopes.Count == 0 ? "no role" : string.Join("; ", Scopes.Select(s => s.Describe())))}"
        + (Workload is null ? ")" : $", workload '{Workload}' only)");

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(ClaimTypes.Name, Name);
        if (PlatformRole is { } role)
        {
            yield return new Claim(ClaimTypes.Role, Roles.Name(role));
        }

        foreach (var scope in Scopes)
        {
            yield return new Claim(ScopeClaim, scope.ToString());
        }

        if (Workload is not null)
        {
            yield return new Claim(WorkloadClaim, Workload);
        }

        if (User is not null)
        {
            yield return new Claim(UserClaim, User);
        }
    }

    /// <summary>The grant a request authenticated with (claims made by <see cref="ToClaims"/>).</summary>
    public static AccessGrant FromClaims(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? "unknown",
        [.. user.FindAll(ScopeClaim).Select(c => AccessScope.Parse(c.Value)).OfType<AccessScope>()],
        user.FindFirst(WorkloadClaim)?.Value,
        User: user.FindFirst(UserClaim)?.Value);
}
