using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Security.Oidc;

/// <summary>
/// Finds or makes the Gantry user a provider's sign-in is, and brings their teams (and, with an owner group, their
/// platform role) to what the provider's groups say: for these users the provider is the source of truth.
/// </summary>
public sealed class OidcUserSync(IDbContextFactory<GantryDbContext> dbFactory, UserDirectory users, OidcOptions options, TimeProvider time) : IDisposable
{
    /// <summary>One sign-in at a time: two first sign-ins of one person must not make two users.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// The user's name in Gantry, after the sign-in's changes are stored; null when the name chosen was taken by
    /// someone else meanwhile (an owner adding a user): never someone else's records.
    /// </summary>
    public async Task<string?> SyncAsync(OidcIdentity identity, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var (name, isNew) = await NameOfAsync(identity, cancellationToken);
            return await users.ChangeAsync(name, db => ChangeAsync(db, name, isNew, identity, cancellationToken), cancellationToken) ? name : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> ChangeAsync(GantryDbContext db, string name, bool isNew, OidcIdentity identity, CancellationToken cancellationToken)
    {
        var user = await db.Users.FindAsync([name], cancellationToken);
        if ((user is null) != isNew || (user is { ExternalSubject: not null } && (user.ExternalIssuer, user.ExternalSubject) != (identity.Issuer, identity.Subject)))
        {
            return false;
        }

        if (user is null)
        {
            user = new UserRecord { Name = name, Stamp = UserDirectory.NewStamp(), CreatedAt = time.GetUtcNow(), CreatedBy = "oidc" };
            db.Users.Add(user);
        }

        (user.ExternalIssuer, user.ExternalSubject) = (identity.Issuer, identity.Subject);
        user.Email ??= identity.Email;
        user.LastSignInAt = time.GetUtcNow();
        if (options.OwnerGroup is { } ownerGroup)
        {
            user.Role = identity.Groups.Contains(ownerGroup) ? Roles.Name(Role.Owner) : user.Role == Roles.Name(Role.Owner) ? null : user.Role;
        }

        await SyncTeamsAsync(db, name, identity.Groups, cancellationToken);
        return true;
    }

    /// <summary>Groups naming a team make memberships (an owner may have raised the role: it stays); other memberships go.</summary>
    private async Task SyncTeamsAsync(GantryDbContext db, string name, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.Where(t => groups.Contains(t.Name)).Select(t => t.Name).ToListAsync(cancellationToken);
        var memberships = await db.TeamMembers.Where(m => m.User == name).ToListAsync(cancellationToken);
        db.TeamMembers.RemoveRange(memberships.Where(m => !teams.Contains(m.Team)));
        foreach (var team in teams.Where(t => memberships.All(m => m.Team != t)))
        {
            db.TeamMembers.Add(new TeamMemberRecord { Team = team, User = name, Role = Roles.Name(options.DefaultTeamRole) });
        }
    }

    /// <summary>
    /// By (issuer, subject); else an unlinked user with the same verified e-mail (someone an owner added before single
    /// sign-on); else a new name from the provider's user name.
    /// </summary>
    private async Task<(string Name, bool IsNew)> NameOfAsync(OidcIdentity identity, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var linked = await db.Users.Where(u => u.ExternalIssuer == identity.Issuer && u.ExternalSubject == identity.Subject).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);
        if (linked is not null)
        {
            return (linked, false);
        }

        if (identity is { EmailVerified: true, Email: { Length: > 0 } email })
        {
            var byEmail = await db.Users.Where(u => u.ExternalSubject == null && u.Email == email).Select(u => u.Name).ToListAsync(cancellationToken);
            if (byEmail.Count == 1)
            {
                return (byEmail[0], false);
            }
        }

        var taken = (await db.Users.Select(u => u.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var stem = OidcUserNames.Stem(identity.UserName ?? identity.Email?.Split('@')[0]);
        var name = stem;
        for (var n = 2; taken.Contains(name) || users.Exists(name); n++)
        {
            var suffix = $"-{n}";
            name = stem[..Math.Min(stem.Length, AccessNames.MaxLength - suffix.Length)] + suffix;
        }

        return (name, true);
    }
}
