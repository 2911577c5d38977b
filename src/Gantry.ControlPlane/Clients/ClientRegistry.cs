using System.Collections.Immutable;
using System.Security.Cryptography;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Store;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Clients;

/// <summary>
/// API keys and client blocks of every app: stored (keys hashed), and put in the gateways' configuration after each
/// committed change, so a revoked key or a block applies to the very next request.
/// </summary>
public sealed class ClientRegistry(IDbContextFactory<GantryDbContext> dbFactory, GatewayConfigSource gateway, TimeProvider time) : IDisposable
{
    public static readonly ImmutableArray<string> BlockKinds = ["key", "subject", "ip"];

    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Publishes what the store holds; called once at start.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var apps = await db.ApiKeys.Select(k => k.App).Union(db.ClientBlocks.Select(b => b.App)).Distinct().ToListAsync(ct);
        foreach (var app in apps)
        {
            await PublishAsync(db, app, ct);
        }
    }

    /// <summary>Creates a key; the plain key is returned this once and never stored.</summary>
    public async Task<(ApiKeyRecord Record, string Key)> CreateKeyAsync(string app, string name, ImmutableArray<string> roles, CancellationToken ct)
    {
        var key = "gk_" + Base64Url(RandomNumberGenerator.GetBytes(24));
        var record = new ApiKeyRecord
        {
            Id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            App = app,
            Name = name,
            Sha256 = GatewayClients.Hash(key),
            Roles = string.Join(',', roles),
            CreatedAt = time.GetUtcNow(),
        };

        await WriteAsync(app, async db =>
        {
            if (await db.ApiKeys.AnyAsync(k => k.App == app && k.Name == name && k.RevokedAt == null, ct))
            {
                throw new ClientRegistryException($"app '{app}' already has an active key named '{name}'");
            }

            db.ApiKeys.Add(record);
        }, ct);
        return (record, key);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string app, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.App == app).ToListAsync(ct);
        return [.. keys.OrderBy(k => k.CreatedAt)];
    }

    /// <summary>False when the app has no key with that id.</summary>
    public async Task<bool> RevokeKeyAsync(string app, string id, CancellationToken ct)
    {
        var found = false;
        await WriteAsync(app, async db =>
        {
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.App == app && k.Id == id, ct);
            found = key is not null;
            if (key is { RevokedAt: null })
            {
                key.RevokedAt = time.GetUtcNow();
            }
        }, ct);
        return found;
    }

    public async Task<ClientBlockRecord> BlockAsync(string app, string kind, string value, CancellationToken ct)
    {
        var record = new ClientBlockRecord { App = app, Kind = kind, Value = value, CreatedAt = time.GetUtcNow() };
        await WriteAsync(app, async db =>
        {
            if (await db.ClientBlocks.SingleOrDefaultAsync(b => b.App == app && b.Kind == kind && b.Value == value, ct) is { } existing)
            {
                record = existing;
                return;
            }

            db.ClientBlocks.Add(record);
        }, ct);
        return record;
    }

    public async Task<IReadOnlyList<ClientBlockRecord>> ListBlocksAsync(string app, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ClientBlocks.AsNoTracking().Where(b => b.App == app).OrderBy(b => b.Id).ToListAsync(ct);
    }

    public async Task<bool> UnblockAsync(string app, long id, CancellationToken ct)
    {
        var found = false;
        await WriteAsync(app, async db =>
        {
            var block = await db.ClientBlocks.SingleOrDefaultAsync(b => b.App == app && b.Id == id, ct);
            found = block is not null;
            if (block is not null)
            {
                db.ClientBlocks.Remove(block);
            }
        }, ct);
        return found;
    }

    /// <summary>One change at a time: commit, then publish what the store now holds, so the gateway never runs ahead of it.</summary>
    private async Task WriteAsync(string app, Func<GantryDbContext, Task> change, CancellationToken ct)
    {
        await _writes.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await change(db);
            await db.SaveChangesAsync(ct);

            // Published even if the caller gave up now: the change is committed and must take effect.
            await PublishAsync(db, app, CancellationToken.None);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>The app's active keys (hashes) and blocks as they are now, as gateways are told them; null when it has neither.</summary>
    public async Task<AppClientsConfig?> SnapshotAsync(string app, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await SnapshotAsync(db, app, ct);
    }

    private static async Task<AppClientsConfig?> SnapshotAsync(GantryDbContext db, string app, CancellationToken ct)
    {
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.App == app && k.RevokedAt == null).ToListAsync(ct);
        var blocks = await db.ClientBlocks.AsNoTracking().Where(b => b.App == app).ToListAsync(ct);
        return keys.Count == 0 && blocks.Count == 0 ? null : new AppClientsConfig(
            app,
            [.. keys.Select(k => new ApiKeyConfig(k.Id, k.Name, k.Sha256, [.. k.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries)]))],
            [.. blocks.Where(b => b.Kind == "key").Select(b => b.Value)],
            [.. blocks.Where(b => b.Kind == "subject").Select(b => b.Value)],
            [.. blocks.Where(b => b.Kind == "ip").Select(b => b.Value)]);
    }

    private async Task PublishAsync(GantryDbContext db, string app, CancellationToken ct)
    {
        var clients = await SnapshotAsync(db, app, ct);
        gateway.Update(snapshot => snapshot with
        {
            Clients = [.. snapshot.Clients.Where(c => c.App != app), .. clients is null ? [] : new[] { clients }],
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _writes.Dispose();
}
