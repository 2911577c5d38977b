using System.Collections.Concurrent;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Security;

/// <summary>The hashes of valid API tokens, loaded once from the store so authenticating a request needs no query.</summary>
public sealed class ApiTokenRegistry(IDbContextFactory<GantryDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<string, string> _namesByHash = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var token in await db.ApiTokens.AsNoTracking().ToListAsync(cancellationToken))
        {
            _namesByHash[token.Hash] = token.Name;
        }
    }

    /// <summary>The token's name when it is valid; null otherwise.</summary>
    public string? Authenticate(string token) =>
        _namesByHash.TryGetValue(TokenHasher.Hash(token), out var name) ? name : null;

    /// <summary>True while a token with this hash is valid (a console session carries the hash, never the token).</summary>
    public bool IsValidHash(string hash) => _namesByHash.ContainsKey(hash);

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
