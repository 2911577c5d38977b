using System.Collections.Concurrent;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>
/// The users, their passwords' hashes and their roles (on the platform, in teams and on single apps), loaded once so authenticating
/// a request needs no query; every change goes through here and is stored before it is served.
/// </summary>
public sealed class UserDirectory(IDbContextFactory<GantryDbContext> dbFactory, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, UserEntry> _users = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>A user as served: what the stored records say, without the records.</summary>
    /// <param name="Scopes">The roles in teams and on single apps (the platform role is <paramref name="Role"/>).</param>
    private sealed record UserEntry(string Name, string? PasswordHash, Role? Role, string Stamp, IReadOnlyList<AccessScope> Scopes);

    public void Dispose() => _writes.Dispose();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.TeamMembers.AsNoTracking().ToListAsync(cancellationToken);
        var apps = await db.AppMembers.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var user in await db.Users.AsNoTracking().ToListAsync(cancellationToken))
        {
            _users[user.Name] = Entry(user, teams.Where(m => m.User == user.Name), apps.Where(m => m.User == user.Name));
        }
    }

    public bool Exists(string name) => _users.ContainsKey(name);

    /// <summary>What the user may do now; null when there is no such user.</summary>
    public AccessGrant? GrantOf(string name) => _users.TryGetValue(name, out var user) ? Grant(user) : null;

    /// <summary>The stamp a console session of the user carries: a new password or a removal makes it stale.</summary>
    public string? StampOf(string name) => _users.TryGetValue(name, out var user) ? user.Stamp : null;

    /// <summary>The user's grant when <paramref name="password"/> is theirs; null otherwise (as slow for an unknown name).</summary>
    public async Task<AccessGrant?> VerifyAsync(string name, string password, CancellationToken cancellationToken)
    {
        _users.TryGetValue(name, out var user);
        if (!PasswordRules.Verify(user?.PasswordHash, password) || user is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Name == name).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, time.GetUtcNow()), cancellationToken);
        return Grant(user);
    }

    public async Task<IReadOnlyList<ListedUser>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.TeamMembers.AsNoTracking().ToListAsync(cancellationToken);
        var apps = await db.AppMembers.AsNoTracking().ToListAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => new ListedUser(u,
            [.. teams.Where(m => m.User == u.Name).OrderBy(m => m.Team, StringComparer.Ordinal)],
            [.. apps.Where(m => m.User == u.Name).OrderBy(m => m.App, StringComparer.Ordinal)]))];
    }

    /// <summary>Adds a user (and their first team's membership); false when the name is taken.</summary>
    public Task<bool> AddAsync(UserRecord user, TeamMemberRecord? membership, CancellationToken cancellationToken) => WriteAsync(user.Name, async db =>
    {
        if (await db.Users.AnyAsync(u => u.Name == user.Name, cancellationToken))
        {
            return false;
        }

        user.Stamp = NewStamp();
        user.CreatedAt = time.GetUtcNow();
        db.Users.Add(user);
        if (membership is not null)
        {
            db.TeamMembers.Add(membership);
        }

        return true;
    }, cancellationToken);

    /// <summary>Removes a user, their memberships and the tokens their sign-ins made; false when there is none.</summary>
    public Task<bool> RemoveAsync(string name, CancellationToken cancellationToken) => WriteAsync(name, async db =>
    {
        if (await db.Users.FindAsync([name], cancellationToken) is not { } user)
        {
            return false;
        }

        db.Users.Remove(user);
        db.TeamMembers.RemoveRange(await db.TeamMembers.Where(m => m.User == name).ToListAsync(cancellationToken));
        db.AppMembers.RemoveRange(await db.AppMembers.Where(m => m.User == name).ToListAsync(cancellationToken));
        db.ApiTokens.RemoveRange(await db.ApiTokens.Where(t => t.User == name).ToListAsync(cancellationToken));
        db.UserFactors.RemoveRange(await db.UserFactors.Where(f => f.User == name).ToListAsync(cancellationToken));
        return true;
    }, cancellationToken);

    /// <summary>Sets a user's password; their console sessions end. False when there is no such user.</summary>
    public Task<bool> SetPasswordAsync(string name, string password, CancellationToken cancellationToken) => WriteAsync(name, async db =>
    {
        if (await db.Users.FindAsync([name], cancellationToken) is not { } user)
        {
            return false;
        }

        user.PasswordHash = PasswordRules.Hash(password);
        user.Stamp = NewStamp();
        return true;
    }, cancellationToken);

    /// <summary>Gives a user a role in a team (replacing their role there), or with null takes them out of it.</summary>
    public Task<bool> SetMembershipAsync(string team, string name, Role? role, CancellationToken cancellationToken) =>
        SetRoleAsync(db => db.TeamMembers, [team, name], () => new TeamMemberRecord { Team = team, User = name, Role = "" }, name, role, cancellationToken);

    /// <summary>Gives a user their own role on one app (replacing it), or with null takes it away.</summary>
    public Task<bool> SetAppRoleAsync(string app, string name, Role? role, CancellationToken cancellationToken) =>
        SetRoleAsync(db => db.AppMembers, [app, name], () => new AppMemberRecord { App = app, User = name, Role = "" }, name, role, cancellationToken);

    /// <summary>Forgets a deleted app's roles (the store's went with the app).</summary>
    public void ForgetApp(string app) => Forget(s => s.Kind == ScopeKind.App && s.Name == app);

    /// <summary>Forgets a deleted team's memberships (the store's went with the team).</summary>
    public void ForgetTeam(string team) => Forget(s => s.Kind == ScopeKind.Team && s.Name == team);

    private void Forget(Func<AccessScope, bool> gone)
    {
        foreach (var user in _users.Values.Where(u => u.Scopes.Any(gone)))
        {
            _users[user.Name] = user with { Scopes = [.. user.Scopes.Where(s => !gone(s))] };
        }
    }

    /// <summary>Adds, replaces or (with a null role) removes one role record of the user, keyed by <paramref name="key"/>.</summary>
    private Task<bool> SetRoleAsync<T>(Func<GantryDbContext, DbSet<T>> set, object[] key, Func<T> create, string name, Role? role, CancellationToken cancellationToken)
        where T : class, IRoleRecord => WriteAsync(name, async db =>
    {
        var existing = await set(db).FindAsync(key, cancellationToken);
        if (role is null)
        {
            if (existing is null)
            {
                return false;
            }

            set(db).Remove(existing);
            return true;
        }

        if (existing is null)
        {
            existing = create();
            set(db).Add(existing);
        }

        existing.Role = Roles.Name(role.Value);
        return true;
    }, cancellationToken);

    /// <summary>
    /// Makes a change of <paramref name="name"/>'s records that needs more than one method here (a single sign-on's
    /// user, roles and teams at once), one writer at a time; the user is served as stored afterwards.
    /// </summary>
    internal Task<bool> ChangeAsync(string name, Func<GantryDbContext, Task<bool>> change, CancellationToken cancellationToken) =>
        WriteAsync(name, change, cancellationToken);

    internal static string NewStamp() => Guid.NewGuid().ToString("N");

    private async Task<bool> WriteAsync(string name, Func<GantryDbContext, Task<bool>> change, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await change(db))
            {
                return false;
            }

            await db.SaveChangesAsync(cancellationToken);
            if (await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Name == name, cancellationToken) is { } user)
            {
                _users[name] = Entry(user,
                    await db.TeamMembers.AsNoTracking().Where(m => m.User == name).ToListAsync(cancellationToken),
                    await db.AppMembers.AsNoTracking().Where(m => m.User == name).ToListAsync(cancellationToken));
            }
            else
            {
                _users.TryRemove(name, out _);
            }

            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    private static UserEntry Entry(UserRecord user, IEnumerable<TeamMemberRecord> teams, IEnumerable<AppMemberRecord> apps) => new(
        user.Name, user.PasswordHash, Roles.Parse(user.Role), user.Stamp,
        [
            .. teams.Where(m => Roles.Parse(m.Role) is not null).OrderBy(m => m.Team, StringComparer.Ordinal).Select(m => AccessScope.OnTeam(m.Team, Roles.Parse(m.Role)!.Value)),
            .. apps.Where(m => Roles.Parse(m.Role) is not null).OrderBy(m => m.App, StringComparer.Ordinal).Select(m => AccessScope.OnApp(m.App, Roles.Parse(m.Role)!.Value)),
        ]);

    private static AccessGrant Grant(UserEntry user) =>
        new(user.Name, user.Role is { } role ? [AccessScope.OnPlatform(role), .. user.Scopes] : user.Scopes, User: user.Name);
}

/// <summary>A user as listed: their record, their roles in teams and their own roles on single apps.</summary>
public sealed record ListedUser(UserRecord User, IReadOnlyList<TeamMemberRecord> Teams, IReadOnlyList<AppMemberRecord> Apps);
