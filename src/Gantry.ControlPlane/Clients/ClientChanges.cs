using System.Net;
using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Clients;

/// <summary>An app's API keys and blocked clients, for the API and the console alike, with the same checks and messages.</summary>
public sealed class ClientChanges(ClientRegistry registry, AppQueries apps)
{
    private const int MaxNameLength = 64;

    public async Task<IReadOnlyList<ApiKeyInfo>> KeysAsync(string app, CancellationToken ct) => [.. (await registry.ListKeysAsync(app, ct)).Select(Info)];

    public async Task<IReadOnlyList<ClientBlockInfo>> BlocksAsync(string app, CancellationToken ct) => [.. (await registry.ListBlocksAsync(app, ct)).Select(Info)];

    /// <summary>A key for the app's routes with API keys on; the key itself is in the answer only.</summary>
    public async Task<Outcome<CreatedApiKey>> CreateKeyAsync(string app, CreateApiKeyRequest? body, CancellationToken ct)
    {
        if (!await apps.ExistsAsync(app, ct))
        {
            return Refusal.NotFound($"app '{app}' does not exist");
        }

        var name = body?.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return Refusal.Invalid($"name: give the key a name of 1 to {MaxNameLength} characters (for example 'mobile-app')");
        }

        var roles = (body?.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).ToList();
        if (roles.FirstOrDefault(r => r.Contains(',') || r.Any(char.IsWhiteSpace)) is { } bad)
        {
            return Refusal.Invalid($"roles: '{bad}' is not a role name (no commas or spaces)");
        }

        try
        {
            var (record, key) = await registry.CreateKeyAsync(app, name, [.. roles], ct);
            return new CreatedApiKey(Info(record), key);
        }
        catch (ClientRegistryException ex)
        {
            return Refusal.Conflict(ex.Message);
        }
    }

    public async Task<Refusal?> RevokeKeyAsync(string app, string id, CancellationToken ct) =>
        await registry.RevokeKeyAsync(app, id, ct) ? null : Refusal.NotFound($"app '{app}' has no key '{id}'");

    /// <summary>Blocks a client (API key id, JWT subject or IP) on every route of the app, from the next request on.</summary>
    public async Task<Outcome<ClientBlockInfo>> BlockAsync(string app, CreateBlockRequest? body, CancellationToken ct)
    {
        if (!await apps.ExistsAsync(app, ct))
        {
            return Refusal.NotFound($"app '{app}' does not exist");
        }

        var kind = body?.Kind ?? "";
        var value = body?.Value?.Trim() ?? "";
        if (!ClientRegistry.BlockKinds.Contains(kind))
        {
            return Refusal.Invalid($"kind: must be one of {string.Join(", ", ClientRegistry.BlockKinds)}, got '{kind}'");
        }

        if (value.Length is 0 or > 256 || (kind == "ip" && !IPAddress.TryParse(value, out _)))
        {
            return Refusal.Invalid(kind == "ip" ? $"value: '{value}' is not an IP address" : "value: give the key id or subject to block");
        }

        return Info(await registry.BlockAsync(app, kind, kind == "ip" ? IPAddress.Parse(value).ToString() : value, ct));
    }

    public async Task<Refusal?> UnblockAsync(string app, long id, CancellationToken ct) =>
        await registry.UnblockAsync(app, id, ct) ? null : Refusal.NotFound($"app '{app}' has no block {id}");

    private static ApiKeyInfo Info(ApiKeyRecord k) =>
        new(k.Id, k.App, k.Name, k.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), k.CreatedAt, k.RevokedAt);

    private static ClientBlockInfo Info(ClientBlockRecord b) => new(b.Id, b.App, b.Kind, b.Value, b.CreatedAt);
}
