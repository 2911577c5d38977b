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

    private readonly ConcurrentDictionary<string, TokenGrant> _grantsByHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastStoredUse = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var token in await db.ApiTokens.AsNoTracking().ToListAsync(cancellationToken))
        {
            _grantsByHash[token.Hash] = Grant(token);
        }
    }

    /// <summary>What an API token grants while it is valid and unexpired; null otherwise (a gateway's token included).</summary>
    public TokenGrant? Authenticate(string token) => GrantOfHash(TokenHasher.Hash(token));

    /// <summary>The grant of a valid API token by its hash (a console session carries the hash, never the token).</summary>
    public TokenGrant? GrantOfHash(string hash) =>
        _grantsByHash.TryGetValue(hash, out var grant) && grant.Name != GatewayName && !grant.ExpiredAt(time.GetUtcNow()) ? grant : null;

    /// <summary>True when <paramref name="token"/> is the gateways' token.</summary>
    public bool IsGatewayToken(string token) => NameOf(token) == GatewayName;

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
            _grantsByHash.TryRemove(gone.Hash, out _);
        }

        _grantsByHash[record.Hash] = Grant(record);
    }

    /// <summary>Makes a token; the caller shows it once, only its hash is kept. Null when the name is taken.</summary>
    public async Task<(string Token, ApiTokenRecord Record)?> CreateAsync(
        string name, Role role, string? app, DateTimeOffset? expiresAt, string createdBy, CancellationToken cancellationToken)
    {
        var token = TokenHasher.NewToken();
        var record = new ApiTokenRecord
        {
            Name = name, Hash = TokenHasher.Hash(token), CreatedAt = time.GetUtcNow(), Role = Roles.Name(role), App = app, ExpiresAt = expiresAt, CreatedBy = createdBy,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiTokens.AnyAsync(t => t.Name == name, cancellationToken))
        {
            return null;
        }

        db.ApiTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        _grantsByHash[record.Hash] = Grant(record);
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
            _grantsByHash.TryRemove(record.Hash, out _);
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

    private static TokenGrant Grant(ApiTokenRecord record) =>
        new(record.Name, Roles.Parse(record.Role) ?? Role.Viewer, record.App, record.ExpiresAt);
}
