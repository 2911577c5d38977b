using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>Teams and the apps each owns. Members and their roles are kept by <see cref="UserDirectory"/>.</summary>
public sealed class TeamStore(IDbContextFactory<GantryDbContext> dbFactory, UserDirectory users, TimeProvider time)
{
    /// <summary>The team that owns <paramref name="app"/>; null when no team does (or there is no such app).</summary>
    public async ValueTask<string?> TeamOfAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Apps.Where(a => a.Name == app).Select(a => a.Team).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The apps <paramref name="team"/> owns; null when there is no such team.</summary>
    public async Task<IReadOnlyList<string>?> AppsOfAsync(string team, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Teams.AnyAsync(t => t.Name == team, cancellationToken)
            ? await db.Apps.AsNoTracking().Where(a => a.Team == team).Select(a => a.Name).OrderBy(a => a).ToListAsync(cancellationToken)
            : null;
    }

    /// <summary>Every app's owning team (null: none), in one query: for listing what a team member may see.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> OwnersAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Apps.AsNoTracking().ToDictionaryAsync(a => a.Name, a => a.Team, StringComparer.Ordinal, cancellationToken);
    }

    public async Task<bool> ExistsAsync(string team, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Teams.AnyAsync(t => t.Name == team, cancellationToken);
    }

    /// <summary>Every team with its members and apps.</summary>
    public async Task<IReadOnlyList<(TeamRecord Team, IReadOnlyList<TeamMemberRecord> Members, IReadOnlyList<string> Apps)>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToListAsync(cancellationToken);
        var members = await db.TeamMembers.AsNoTracking().ToListAsync(cancellationToken);
        var apps = await db.Apps.AsNoTracking().Where(a => a.Team != null).Select(a => new { a.Name, a.Team }).ToListAsync(cancellationToken);
        return [.. teams.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (
            t,
            (IReadOnlyList<TeamMemberRecord>)[.. members.Where(m => m.Team == t.Name).OrderBy(m => m.User, StringComparer.Ordinal)],
            (IReadOnlyList<string>)[.. apps.Where(a => a.Team == t.Name).Select(a => a.Name).Order(StringComparer.Ordinal)]))];
    }

    /// <summary>False when a team of that name exists.</summary>
    public async Task<bool> AddAsync(string team, string createdBy, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Teams.AnyAsync(t => t.Name == team, cancellationToken))
        {
            return false;
        }

        db.Teams.Add(new TeamRecord { Name = team, CreatedAt = time.GetUtcNow(), CreatedBy = createdBy });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Removes a team and its memberships; its apps stay, owned by no team. False when there is none.</summary>
    public async Task<bool> RemoveAsync(string team, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Teams.FindAsync([team], cancellationToken) is not { } record)
        {
            return false;
        }

        db.Teams.Remove(record);
        db.TeamMembers.RemoveRange(await db.TeamMembers.Where(m => m.Team == team).ToListAsync(cancellationToken));
        db.ApiTokens.RemoveRange(await db.ApiTokens.Where(t => t.Team == team).ToListAsync(cancellationToken));
        foreach (var app in await db.Apps.Where(a => a.Team == team).ToListAsync(cancellationToken))
        {
            app.Team = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        users.ForgetTeam(team);
        return true;
    }

    /// <summary>Gives <paramref name="app"/> to <paramref name="team"/> (null: to no team). False when there is no such app.</summary>
    public async Task<bool> SetOwnerAsync(string app, string? team, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Apps.Where(a => a.Name == app).ExecuteUpdateAsync(s => s.SetProperty(a => a.Team, team), cancellationToken) > 0;
    }
}
