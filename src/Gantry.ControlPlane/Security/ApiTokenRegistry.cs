using System.Collections.Concurrent;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Security;

/// <summary>
/// The hashes of valid tokens, loaded once from the store so authenticating a request needs no query. The gateway
/// token is kept apart: it opens the gateways' configuration feed, never the API or the console.
/// </summary>
public sealed class ApiTokenRegistry(IDbContextFactory<GantryDbContext> dbFactory)
{
    public const string AdminName = "admin";
    public const string GatewayName = "gateway";

    private readonly ConcurrentDictionary<string, string> _namesByHash = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var token in await db.ApiTokens.AsNoTracking().ToListAsync(cancellationToken))
        {
            _namesByHash[token.Hash] = token.Name;
        }
    }

    /// <summary>The name of an API token when it is valid; null otherwise (a gateway's token included).</summary>
    public string? Authenticate(string token) => NameOf(token) is { } name && name != GatewayName ? name : null;

    /// <summary>True when <paramref name="token"/> is the gateways' token.</summary>
    public bool IsGatewayToken(string token) => NameOf(token) == GatewayName;

    /// <summary>True while an API token with this hash is valid (a console session carries the hash, never the token).</summary>
    public bool IsValidHash(string hash) => _namesByHash.TryGetValue(hash, out var name) && name != GatewayName;

    /// <summary>The name of any valid token, the gateway's included.</summary>
    internal string? NameOf(string token) =>
        _namesByHash.TryGetValue(TokenHasher.Hash(token), out var name) ? name : null;

    /// <summary>Stores a new token's hash under <paramref name="name"/>, replacing any token of that name.</summary>
    public async Task RegisterAsync(string name, string token, CancellationToken cancellationToken)
    {
        var hash = TokenHasher.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var old = await db.ApiTokens.Where(t => t.Name == name).ToListAsync(cancellationToken);
        db.ApiTokens.RemoveRange(old);
        db.ApiTokens.Add(new ApiTokenRecord { Name = name, Hash = hash, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(cancellationToken);
        foreach (var record in old)
        {
            _namesByHash.TryRemove(record.Hash, out _);
        }

        _namesByHash[hash] = name;
    }
}
