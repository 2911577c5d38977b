using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gantry.ControlPlane.Security;

/// <summary>Authenticates <c>Authorization: Bearer TOKEN</c> against the stored token hashes.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenRegistry tokens,
    CallerGrants grants) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "GantryToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var hash = TokenHasher.Hash(header["Bearer ".Length..].Trim());
        if (grants.OfHash(hash) is not { } grant)
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid token"));
        }

        _ = tokens.TouchAsync(hash, Logger);
        var identity = new ClaimsIdentity(grant.ToClaims(), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Response.WriteAsJsonAsync(
            new { title = "Unauthorized", status = 401, detail = "Send a token as 'Authorization: Bearer TOKEN': the admin token (the CLI reads it from GANTRY_TOKEN or the data folder's admin-token file) or one from 'gantry tokens create'; an expired or revoked token is refused." },
            options: null as System.Text.Json.JsonSerializerOptions,
            contentType: "application/problem+json");
    }
}
