using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Clients;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/apps/APP/keys</c> and <c>/blocks</c>: the gateway's API keys and blocked clients of an app.</summary>
public static class ClientsEndpoints
{
    public static void MapClients(this RouteGroupBuilder api)
    {
        var app = api.MapGroup($"/apps/{AppsEndpoints.AppRoute}").WithTags("Clients");

        app.MapPost("/keys", async Task<IResult> (string app, CreateApiKeyRequest? body, ClientChanges clients, CancellationToken ct) =>
                ApiResults.From(await clients.CreateKeyAsync(app, body, ct), made => Results.Created($"/api/v1/apps/{app}/keys/{made.Info.Id}", made)))
            .Produces<CreatedApiKey>(201)
            .WithSummary("Creates an API key for the app's routes with 'auth: apiKeys: true'; the key is in this answer only.");

        app.MapGet("/keys", (string app, ClientChanges clients, CancellationToken ct) => clients.KeysAsync(app, ct))
            .WithSummary("Lists the app's API keys (never the keys themselves).");

        app.MapDelete("/keys/{id}", async Task<IResult> (string app, string id, ClientChanges clients, CancellationToken ct) =>
                ApiResults.From(await clients.RevokeKeyAsync(app, id, ct)))
            .WithSummary("Revokes a key: the gateway refuses it from the next request on.");

        app.MapPost("/blocks", async Task<IResult> (string app, CreateBlockRequest? body, ClientChanges clients, CancellationToken ct) =>
                ApiResults.From(await clients.BlockAsync(app, body, ct), block => Results.Created($"/api/v1/apps/{app}/blocks/{block.Id}", block)))
            .Produces<ClientBlockInfo>(201)
            .WithSummary("Blocks a client (API key id, JWT subject or IP) on every route of the app, from the next request on.");

        app.MapGet("/blocks", (string app, ClientChanges clients, CancellationToken ct) => clients.BlocksAsync(app, ct))
            .WithSummary("Lists the app's blocked clients.");

        app.MapDelete("/blocks/{id:long}", async Task<IResult> (string app, long id, ClientChanges clients, CancellationToken ct) =>
                ApiResults.From(await clients.UnblockAsync(app, id, ct)))
            .WithSummary("Lifts a block.");
    }
}
