using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>Adds, lists and removes users and their roles on single apps, for the API and the console alike.</summary>
public sealed class UserAccounts(UserDirectory directory, TeamStore teams, ApiTokenRegistry tokens, AppQueries apps, TotpFactors factors)
{
    /// <summary>The role a user added without a team is given when all their roles are to be on single apps.</summary>
    public const string NoRole = "none";

    public async Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken ct) => [.. (await directory.ListAsync(ct)).Select(u => Info(u.User, u.Teams, u.Apps))];

    /// <summary>With a team, the role is the role in that team; without, on the whole platform (<see cref="NoRole"/>: none).</summary>
    public async Task<Outcome<UserInfo>> AddAsync(CreateUserRequest? body, string actor, CancellationToken ct)
    {
        if (await ProblemAsync(body, ct) is { } problem)
        {
            return Refusal.Invalid(problem);
        }

        var role = Roles.Parse(body!.Role ?? "deployer");
        var user = new UserRecord
        {
            Name = body.Name!, Stamp = "", Email = body.Email, CreatedBy = actor,
            PasswordHash = body.Password is { } password ? PasswordRules.Hash(password) : null,
            Role = body.Team is null && role is { } platformRole ? Roles.Name(platformRole) : null,
        };
        var membership = body.Team is { } team ? new TeamMemberRecord { Team = team, User = user.Name, Role = Roles.Name(role!.Value) } : null;
        return await directory.AddAsync(user, membership, ct)
            ? Info(user, membership is null ? [] : [membership], [])
            : Refusal.Conflict($"name: there is a user '{user.Name}'");
    }

    /// <summary>Removes a user (not <paramref name="caller"/> themselves): their sign-ins' tokens stop working, their sessions end.</summary>
    public async Task<Refusal?> RemoveAsync(string name, string? caller, CancellationToken ct)
    {
        if (caller == name)
        {
            return Refusal.Invalid("you cannot remove yourself; another owner can");
        }

        if (!await directory.RemoveAsync(name, ct))
        {
            return Refusal.NotFound($"no user '{name}'");
        }

        tokens.Forget(g => g.User == name);
        return null;
    }

    /// <summary>Sets a user's password; their console sessions end (their sign-ins' tokens stay until they expire).</summary>
    public async Task<Refusal?> SetPasswordAsync(string name, string? password, CancellationToken ct) =>
        PasswordRules.Problem("password", password) is { } problem ? Refusal.Invalid(problem)
        : await directory.SetPasswordAsync(name, password!, ct) ? null
        : Refusal.NotFound($"no user '{name}'");

    /// <summary>Turns a user's second factor off (a lost phone): they sign in with their password alone until they set one up again.</summary>
    public async Task<Refusal?> RemoveSecondFactorAsync(string name, CancellationToken ct) =>
        await factors.RemoveAsync(name, ct) ? null : Refusal.NotFound($"'{name}' has no second factor");

    /// <summary>Gives a user their own role on one app: viewer (when <paramref name="roleName"/> is null), deployer or admin.</summary>
    public async Task<Outcome<TeamMemberInfo>> SetAppRoleAsync(string app, string user, string? roleName, CancellationToken ct)
    {
        var role = Roles.Parse(roleName ?? "viewer");
        if (role is null || role == Role.Owner)
        {
            return Refusal.Invalid(role is null
                ? $"role: '{roleName}' is not a role; roles on one app: viewer, deployer, admin"
                : "role: owner is a role on the whole platform; on one app the highest is admin");
        }

        if (!directory.Exists(user))
        {
            return Refusal.NotFound($"user: there is no user '{user}'");
        }

        if (!await apps.ExistsAsync(app, ct))
        {
            return Refusal.NotFound($"app: there is no app '{app}'");
        }

        await directory.SetAppRoleAsync(app, user, role, ct);
        return new TeamMemberInfo(user, Roles.Name(role.Value));
    }

    /// <summary>Takes a user's own role on one app away; what their platform role and teams give stays.</summary>
    public async Task<Refusal?> RemoveAppRoleAsync(string app, string user, CancellationToken ct) =>
        await directory.SetAppRoleAsync(app, user, null, ct) ? null : Refusal.NotFound($"'{user}' has no role of their own on app '{app}'");

    private async Task<string?> ProblemAsync(CreateUserRequest? body, CancellationToken ct)
    {
        if (body is null)
        {
            return "name: give the user a name, for example {\"name\": \"ana\", \"role\": \"deployer\", \"team\": \"web\", \"password\": \"…\"}";
        }

        return AccessNames.Problem("name", body.Name)
            ?? (body.Role is { } role && Roles.Parse(role) is null && role != NoRole ? $"role: '{role}' is not a role; roles: {string.Join(", ", Roles.Names)}, or {NoRole} for roles on single apps only" : null)
            ?? (body.Role == NoRole && body.Team is not null ? $"role: '{NoRole}' is for a user without a team; give them a role in team '{body.Team}'" : null)
            ?? (body.Password is null ? null : PasswordRules.Problem("password", body.Password))
            ?? (body.Email is { } email && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)) ? $"email: '{email}' is not an e-mail address" : null)
            ?? (body.Team is { } team && !await teams.ExistsAsync(team, ct) ? $"team: there is no team '{team}'; make it first with 'gantry teams create {team}'" : null);
    }

    private static UserInfo Info(UserRecord user, IReadOnlyList<TeamMemberRecord> teams, IReadOnlyList<AppMemberRecord> apps) => new(
        user.Name, user.Role, user.Email, [.. teams.Select(t => new TeamRoleInfo(t.Team, t.Role))], user.CreatedAt, user.CreatedBy, user.LastSignInAt, user.PasswordHash is not null,
        [.. apps.Select(a => new AppRoleInfo(a.App, a.Role))]);
}
