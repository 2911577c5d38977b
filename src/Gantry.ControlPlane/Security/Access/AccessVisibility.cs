using Gantry.ControlPlane.Security.Users;

namespace Gantry.ControlPlane.Security.Access;

/// <summary>Which apps a grant may see in lists: every one with a platform role, else those its teams or its one app reach.</summary>
public static class AccessVisibility
{
    public static async Task<IReadOnlySet<string>> VisibleAsync(AccessGrant? grant, IEnumerable<string> apps, TeamStore teams, CancellationToken cancellationToken)
    {
        if (grant?.PlatformRole is not null)
        {
            return apps.ToHashSet(StringComparer.Ordinal);
        }

        var owners = grant is { HasTeams: true } ? await teams.OwnersAsync(cancellationToken) : new Dictionary<string, string?>();
        return apps.Where(a => grant?.RoleOn(a, owners.GetValueOrDefault(a)) is not null).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The items of the apps the caller of <paramref name="http"/> may see.</summary>
    public static async Task<List<T>> FilterAsync<T>(HttpContext http, IEnumerable<T> items, Func<T, string> app)
    {
        var list = items.ToList();
        var visible = await VisibleAsync(AccessGrant.FromClaims(http.User), list.Select(app).Distinct(), http.RequestServices.GetRequiredService<TeamStore>(), http.RequestAborted);
        return [.. list.Where(i => visible.Contains(app(i)))];
    }
}
