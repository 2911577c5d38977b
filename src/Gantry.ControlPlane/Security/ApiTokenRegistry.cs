using System.Collections.Concurrent;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Security;

/// <summary>
/// The hashes of valid tokens with what each grants, loaded once from the store so authenticating a request needs no
/// query. The gateway token is kept apart: it opens the gateways' configuration feed, never the API or the console.
/// </summary>
public sealed class ApiTokenRegistry(IDbContextFactory<GantryDbContext> dbFactory, TimeProvider time)
{
    public const string AdminName = "admin";
    public const string GatewayName = "gateway";

    /// <summary>Last use is stored at most this often per token: a busy CI token must not write on every request.</summary>
    private static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, AccessGrant> _grantsByHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _signInNamesByHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastStoredUse = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var token in await db.ApiTokens.AsNoTracking().ToListAsync(cancellationToken))
        {
            Keep(token);
        }
    }

    /// <summary>
    /// The grant of a valid, unexpired API token by its hash (a console session carries the hash, never the token); null
    /// otherwise, a gateway's token included. A sign-in's token grants its user's roles: <see cref="CallerGrants"/> reads them.
    /// </summary>
    public AccessGrant? GrantOfHash(string hash) =>
        _grantsByHash.TryGetValue(hash, out var grant) && grant.Name != GatewayName && !grant.ExpiredAt(time.GetUtcNow()) ? grant : null;

    /// <summary>True when <paramref name="token"/> is the gateways' token.</summary>
    public bool IsGatewayToken(string token) => NameOf(token) == GatewayName;

    /// <summary>The name of a sign-in's token; null for a made token or an unknown one.</summary>
    public string? NameOfSignIn(string token) =>
        _signInNamesByHash.GetValueOrDefault(TokenHasher.Hash(token));

    /// <summary>The name of any known token, the gateway's included.</summary>
    internal string? NameOf(string token) =>
        _grantsByHash.TryGetValue(TokenHasher.Hash(token), out var grant) ? grant.Name : null;

    /// <summary>Stores a new owner token's hash under <paramref name="name"/>, replacing any token of that name (the admin and gateway tokens).</summary>
    public async Task RegisterAsync(string name, string token, CancellationToken cancellationToken)
    {
        var record = new ApiTokenRecord { Name = name, Hash = TokenHasher.Hash(token), CreatedAt = time.GetUtcNow(), CreatedBy = "gantry" };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var old = await db.ApiTokens.Where(t => t.Name == name).ToListAsync(cancellationToken);
        db.ApiTokens.RemoveRange(old);
        db.ApiTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var gone in old)
        {
            Drop(gone.Hash);
        }

        Keep(record);
    }

    /// <summary>Makes a token; the caller shows it once, only its hash is kept. Null when the name is taken.</summary>
    public Task<(string Token, ApiTokenRecord Record)?> CreateAsync(
        string name, AccessScope scope, string? workload, DateTimeOffset? expiresAt, string createdBy, CancellationToken cancellationToken) =>
        AddAsync(new ApiTokenRecord
        {
            Name = name, Hash = "", Role = Roles.Name(scope.Role), ExpiresAt = expiresAt, CreatedBy = createdBy, Workload = workload,
            App = scope.Kind == ScopeKind.App ? scope.Name : null, Team = scope.Kind == ScopeKind.Team ? scope.Name : null,
        }, cancellationToken);

    /// <summary>A token a user's sign-in made: it grants what the user may do, until it expires or the user is removed.</summary>
    public async Task<(string Token, ApiTokenRecord Record)> CreateForUserAsync(string user, DateTimeOffset expiresAt, string client, CancellationToken cancellationToken)
    {
        var name = $"{user}-signin-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        var made = await AddAsync(new ApiTokenRecord { Name = name, Hash = "", Role = "", User = user, ExpiresAt = expiresAt, CreatedBy = client }, cancellationToken);
        return made ?? throw new InvalidOperationException($"a token named '{name}' exists");
    }

    /// <summary>Forgets the tokens whose grants match (their records went with a removed user or team).</summary>
    internal void Forget(Func<AccessGrant, bool> gone)
    {
        foreach (var hash in _grantsByHash.Where(g => gone(g.Value)).Select(g => g.Key).ToList())
        {
            Drop(hash);
        }
    }

    private async Task<(string Token, ApiTokenRecord Record)?> AddAsync(ApiTokenRecord record, CancellationToken cancellationToken)
    {
        var token = TokenHasher.NewToken();
        record.Hash = TokenHasher.Hash(token);
        record.CreatedAt = time.GetUtcNow();
        var name = record.Name;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiTokens.AnyAsync(t => t.Name == name, cancellationToken))
        {
            return null;
        }

        db.ApiTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        Keep(record);
        return (token, record);
    }

    /// <summary>Removes a token: requests with it get 401 from now on. False when there is none of that name.</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.ApiTokens.Where(t => t.Name == name).ToListAsync(cancellationToken);
        db.ApiTokens.RemoveRange(records);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var record in records)
        {
            Drop(record.Hash);
        }

        return records.Count > 0;
    }

    /// <summary>Every token but the gateway's, without hashes.</summary>
    public async Task<IReadOnlyList<ApiTokenRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.ApiTokens.AsNoTracking().Where(t => t.Name != GatewayName).ToListAsync(cancellationToken);
        return [.. records.OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    /// <summary>Records that the token with this hash was used now (to the minute); a failure to store it never fails the request.</summary>
    public async Task TouchAsync(string hash, ILogger logger)
    {
        var now = time.GetUtcNow();
        if (_lastStoredUse.TryGetValue(hash, out var stored) && now - stored < UseResolution)
        {
            return;
        }

        _lastStoredUse[hash] = now;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.ApiTokens.Where(t => t.Hash == hash).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now));
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            _lastStoredUse.TryRemove(hash, out _); // the next request tries again
            logger.LogWarning(e, "Could not record a token's last use");
        }
    }

    private void Keep(ApiTokenRecord record)
    {
        _grantsByHash[record.Hash] = Grant(record);
        if (record.User is not null)
        {
            _signInNamesByHash[record.Hash] = record.Name;
        }
    }

    private void Drop(string hash)
    {
        _grantsByHash.TryRemove(hash, out _);
        _signInNamesByHash.TryRemove(hash, out _);
    }

    private static AccessGrant Grant(ApiTokenRecord record)
    {
        if (record.User is { } user)
        {
            return new AccessGrant(user, [], ExpiresAt: record.ExpiresAt, User: user);
        }

        var role = Roles.Parse(record.Role) ?? Role.Viewer;
        var scope = record.App is { } app ? AccessScope.OnApp(app, role)
            : record.Team is { } team ? AccessScope.OnTeam(team, role)
            : AccessScope.OnPlatform(role);
        return new AccessGrant(record.Name, [scope], record.Workload, record.ExpiresAt);
    }
}
