using Gantry.ControlPlane.Console;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Gantry.ControlPlane.Security.Oidc;

/// <summary>Registers single sign-on when it is configured; without it nothing here is added but a 404 at <c>/signin/oidc</c>.</summary>
public static class OidcSetup
{
    public const string SchemeName = "GantryOidc";

    public const string ChallengePath = "/signin/oidc";

    public static AuthenticationBuilder AddGantryOidc(this AuthenticationBuilder builder, OidcOptions? oidc)
    {
        if (oidc is null)
        {
            return builder;
        }

        builder.Services.AddSingleton(oidc);
        builder.Services.AddSingleton<OidcUserSync>();
        return builder.AddOpenIdConnect(SchemeName, oidc.DisplayName, o =>
        {
            o.Authority = oidc.Authority.AbsoluteUri;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;

            // The code comes back in a top-level GET: SameSite=Lax cookies go along, where a cross-site form post
            // would need SameSite=None, which browsers refuse without Secure (plain http on loopback).
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Scope.Clear();
            foreach (var scope in oidc.Scopes)
            {
                o.Scope.Add(scope);
            }

            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.DisableTelemetry = true;
            o.CallbackPath = "/signin-oidc";

            // Never used: OidcSignIn signs in with the console's cookie itself and ends the response.
            o.SignInScheme = ConsoleAuthentication.SchemeName;
            o.Events.OnTokenValidated = OidcSignIn.TokenValidatedAsync;
            o.Events.OnRemoteFailure = OidcSignIn.RemoteFailureAsync;
        });
    }

    /// <summary>The sign-in page's "Sign in with …" link: sends the browser to the provider, back to <c>returnUrl</c> after.</summary>
    public static void MapGantryOidc(this WebApplication app) =>
        app.MapGet(ChallengePath, (string? returnUrl, HttpContext http) =>
                http.RequestServices.GetService<OidcOptions>() is null
                    ? Results.NotFound()
                    : Results.Challenge(
                        new AuthenticationProperties(new Dictionary<string, string?> { [OidcSignIn.ReturnUrlItem] = ConsoleAuthentication.SafeReturnUrl(returnUrl) }),
                        [SchemeName]))
            .AllowAnonymous()
            .ExcludeFromDescription();
}
