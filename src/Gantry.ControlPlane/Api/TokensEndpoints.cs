using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/tokens</c>: API tokens with a role, optionally for one app, team or workload and until a time; shown once, stored hashed.</summary>
public static class TokensEndpoints
{
    public static void MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapGet("/", (TokenIssuer issuer, CancellationToken ct) => issuer.ListAsync(ct))
            .WithSummary("Lists the API tokens with their role, app, expiry and last use; never their values.");

        tokens.MapPost("/", async Task<IResult> (CreateTokenRequest? body, HttpContext http, TokenIssuer issuer, CancellationToken ct) =>
                ApiResults.From(await issuer.CreateAsync(body, AppsEndpoints.Actor(http), ct), made => Results.Created($"/api/v1/tokens/{made.Info.Name}", made)))
            .Produces<TokenCreated>(StatusCodes.Status201Created)
            .WithSummary("Makes a token; its value is in this answer only.");

        tokens.MapDelete("/{name}", async Task<IResult> (string name, TokenIssuer issuer, CancellationToken ct) => ApiResults.From(await issuer.RevokeAsync(name, ct)))
            .WithSummary("Revokes a token: requests with it get 401 from now on.");
    }
}
