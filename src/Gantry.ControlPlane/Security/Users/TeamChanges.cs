using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security.Access;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>Makes and removes teams and sets their members' roles, for the API and the console alike.</summary>
public sealed class TeamChanges(TeamStore store, UserDirectory users, ApiTokenRegistry tokens, TimeProvider time)
{
    public async Task<IReadOnlyList<TeamInfo>> ListAsync(CancellationToken ct) => [.. (await store.ListAsync(ct)).Select(t => new TeamInfo(
        t.Team.Name, [.. t.Members.Select(m => new TeamMemberInfo(m.User, m.Role))], t.Apps, t.Team.CreatedAt, t.Team.CreatedBy))];

    public async Task<Outcome<TeamInfo>> CreateAsync(string? name, string actor, CancellationToken ct) =>
        AccessNames.TeamProblem("name", name) is { } problem ? Refusal.Invalid(problem)
        : await store.AddAsync(name!, actor, ct) ? new TeamInfo(name!, [], [], time.GetUtcNow(), actor)
        : Refusal.Conflict($"name: there is a team '{name}'");

    /// <summary>Removes a team, its memberships and the tokens for it; its apps stay, owned by no team.</summary>
    public async Task<Refusal?> RemoveAsync(string team, CancellationToken ct)
    {
        if (!await store.RemoveAsync(team, ct))
        {
            return Refusal.NotFound($"no team '{team}'");
        }

        tokens.Forget(g => g.Scopes.Any(s => s.Kind == ScopeKind.Team && s.Name == team));
        return null;
    }

    /// <summary>Gives a user a role in a team (deployer when <paramref name="roleName"/> is null), replacing their role there.</summary>
    public async Task<Outcome<TeamMemberInfo>> SetMemberAsync(string team, string user, string? roleName, CancellationToken ct)
    {
        if (Roles.Parse(roleName ?? "deployer") is not { } role)
        {
            return Refusal.Invalid($"role: '{roleName}' is not a role; roles: {string.Join(", ", Roles.Names)}");
        }

        if (!await store.ExistsAsync(team, ct))
        {
            return Refusal.NotFound($"team: there is no team '{team}'");
        }

        if (!users.Exists(user))
        {
            return Refusal.NotFound($"user: there is no user '{user}'");
        }

        await users.SetMembershipAsync(team, user, role, ct);
        return new TeamMemberInfo(user, Roles.Name(role));
    }

    public async Task<Refusal?> RemoveMemberAsync(string team, string user, CancellationToken ct) =>
        await users.SetMembershipAsync(team, user, null, ct) ? null : Refusal.NotFound($"'{user}' is not a member of team '{team}'");

    /// <summary>Gives an app to a team, or with <paramref name="team"/> null to no team.</summary>
    public async Task<Refusal?> SetOwnerAsync(string app, string? team, CancellationToken ct) =>
        team is not null && !await store.ExistsAsync(team, ct) ? Refusal.Invalid($"team: there is no team '{team}'")
        : await store.SetOwnerAsync(app, team, ct) ? null
        : Refusal.NotFound($"no app '{app}'");
}
