using System.Net;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Clients;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/apps/APP/keys</c> and <c>/blocks</c>: the gateway's API keys and blocked clients of an app.</summary>
public static class ClientsEndpoints
{
    private const int MaxNameLength = 64;

    public static void MapClients(this RouteGroupBuilder api)
    {
        var app = api.MapGroup($"/apps/{AppsEndpoints.AppRoute}").WithTags("Clients");

        app.MapPost("/keys", async Task<IResult> (string app, CreateApiKeyRequest? body, AppQueries apps, ClientRegistry registry, CancellationToken ct) =>
            {
                if (await apps.GetAsync(app, ct) is null)
                {
                    return AppsEndpoints.NotFound(app);
                }

                var name = body?.Name?.Trim() ?? "";
                if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
                {
                    return ApiResults.Problem(400, $"name: give the key a name of 1 to {MaxNameLength} characters (for example 'mobile-app')");
                }

                var roles = (body?.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).ToList();
                if (roles.FirstOrDefault(r => r.Contains(',') || r.Any(char.IsWhiteSpace)) is { } bad)
                {
                    return ApiResults.Problem(400, $"roles: '{bad}' is not a role name (no commas or spaces)");
                }

                try
                {
                    var (record, key) = await registry.CreateKeyAsync(app, name, [.. roles], ct);
                    return Results.Created($"/api/v1/apps/{app}/keys/{record.Id}", new CreatedApiKey(Info(record), key));
                }
                catch (ClientRegistryException ex)
                {
                    return ApiResults.Problem(409, ex.Message);
                }
            })
            .Produces<CreatedApiKey>(201)
            .WithSummary("Creates an API key for the app's routes with 'auth: apiKeys: true'; the key is in this answer only.");

        app.MapGet("/keys", async (string app, ClientRegistry registry, CancellationToken ct) =>
                (await registry.ListKeysAsync(app, ct)).Select(Info).ToList())
            .WithSummary("Lists the app's API keys (never the keys themselves).");

        app.MapDelete("/keys/{id}", async Task<IResult> (string app, string id, ClientRegistry registry, CancellationToken ct) =>
                await registry.RevokeKeyAsync(app, id, ct) ? Results.NoContent() : ApiResults.Problem(404, $"app '{app}' has no key '{id}'"))
            .WithSummary("Revokes a key: the gateway refuses it from the next request on.");

        app.MapPost("/blocks", async Task<IResult> (string app, CreateBlockRequest? body, AppQueries apps, ClientRegistry registry, CancellationToken ct) =>
            {
                if (await apps.GetAsync(app, ct) is null)
                {
                    return AppsEndpoints.NotFound(app);
                }

                var kind = body?.Kind ?? "";
                var value = body?.Value?.Trim() ?? "";
                if (!ClientRegistry.BlockKinds.Contains(kind))
                {
                    return ApiResults.Problem(400, $"kind: must be one of {string.Join(", ", ClientRegistry.BlockKinds)}, got '{kind}'");
                }

                if (value.Length is 0 or > 256 || (kind == "ip" && !IPAddress.TryParse(value, out _)))
                {
                    return ApiResults.Problem(400, kind == "ip" ? $"value: '{value}' is not an IP address" : "value: give the key id or subject to block");
                }

                var block = await registry.BlockAsync(app, kind, kind == "ip" ? IPAddress.Parse(value).ToString() : value, ct);
                return Results.Created($"/api/v1/apps/{app}/blocks/{block.Id}", Info(block));
            })
            .Produces<ClientBlockInfo>(201)
            .WithSummary("Blocks a client (API key id, JWT subject or IP) on every route of the app, from the next request on.");

        app.MapGet("/blocks", async (string app, ClientRegistry registry, CancellationToken ct) =>
                (await registry.ListBlocksAsync(app, ct)).Select(Info).ToList())
            .WithSummary("Lists the app's blocked clients.");

        app.MapDelete("/blocks/{id:long}", async Task<IResult> (string app, long id, ClientRegistry registry, CancellationToken ct) =>
                await registry.UnblockAsync(app, id, ct) ? Results.NoContent() : ApiResults.Problem(404, $"app '{app}' has no block {id}"))
            .WithSummary("Lifts a block.");
    }

    private static ApiKeyInfo Info(ApiKeyRecord k) =>
        new(k.Id, k.App, k.Name, k.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), k.CreatedAt, k.RevokedAt);

    private static ClientBlockInfo Info(ClientBlockRecord b) => new(b.Id, b.App, b.Kind, b.Value, b.CreatedAt);
}
