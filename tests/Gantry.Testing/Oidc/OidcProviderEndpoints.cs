using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gantry.Testing.Oidc;

/// <summary>
/// The parts of the provider OpenIddict leaves to the host (passthrough): who is signed in, the login form, which
/// claims a code and a token carry, the userinfo answer and signing out. OpenIddict validates every request first.
/// </summary>
internal static class OidcProviderEndpoints
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string UserInfoPath = "/connect/userinfo";
    public const string EndSessionPath = "/connect/endsession";
    public const string SignedOutPath = "/signed-out";

    /// <summary>The provider's own sign-in cookie scheme (the browser's session at the provider, not at Gantry).</summary>
    public const string LoginScheme = "OidcProviderLogin";

    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    /// <summary>Maps the handlers; each takes the <see cref="OidcProviderOptions"/> registered as a singleton.</summary>
    public static void Map(WebApplication app)
    {
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapPost(OidcLoginPage.Path, LogInAsync);
        app.MapPost(TokenPath, ExchangeAsync);
        app.MapMethods(UserInfoPath, [HttpMethods.Get, HttpMethods.Post], UserInfoAsync);
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], EndSessionAsync);
        app.MapGet(SignedOutPath, () => Results.Content("""<p id="signed-out">Signed out of the test provider.</p>""", "text/html"));
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, OidcProviderOptions options)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var session = await context.AuthenticateAsync(LoginScheme);
        var user = session.Succeeded ? options.FindBySubject(session.Principal.FindFirstValue(Claims.Subject)) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            return request.HasPromptValue(PromptValues.None)
                ? Refuse(Errors.LoginRequired, "the user is not signed in at the provider")
                : OidcLoginPage.Render(ReturnUrl(request));
        }

        var principal = new ClaimsPrincipal(OidcUserClaims.Identity(user, request.GetScopes()));
        return Results.SignIn(principal, authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> LogInAsync(HttpContext context, OidcProviderOptions options)
    {
        var form = await context.Request.ReadFormAsync();
        string returnUrl = form["returnUrl"].ToString(), userName = form["username"].ToString();
        if (!returnUrl.StartsWith(AuthorizePath + "?", StringComparison.Ordinal))
        {
            return Results.BadRequest("returnUrl must be this provider's authorization endpoint");
        }

        var user = options.FindByUserName(userName);
        if (user is null || !string.Equals(user.Password, form["password"].ToString(), StringComparison.Ordinal))
        {
            return OidcLoginPage.Render(returnUrl, userName, "Wrong user name or password.");
        }

        var identity = new ClaimsIdentity([new Claim(Claims.Subject, user.Subject), new Claim(Claims.Name, user.UserName)], LoginScheme);
        await context.SignInAsync(LoginScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, OidcProviderOptions options)
    {
        // OpenIddict has checked the grant type (only the code is allowed), the code, the client and the PKCE
        // verifier; the claims are made again from the user as they are now, as a real provider would.
        var result = await context.AuthenticateAsync(ServerScheme);
        var user = options.FindBySubject(result.Principal?.GetClaim(Claims.Subject));
        if (user is null)
        {
            return Refuse(Errors.InvalidGrant, "the user is no longer known");
        }

        var principal = new ClaimsPrincipal(OidcUserClaims.Identity(user, result.Principal!.GetScopes()));
        return Results.SignIn(principal, authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context, OidcProviderOptions options)
    {
        var result = await context.AuthenticateAsync(ServerScheme);
        var user = options.FindBySubject(result.Principal?.GetClaim(Claims.Subject));
        if (user is null)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "the user is no longer known",
                }),
                [ServerScheme]);
        }

        return Results.Ok(OidcUserClaims.UserInfo(user, result.Principal!.GetScopes()));
    }

    private static async Task EndSessionAsync(HttpContext context)
    {
        await context.SignOutAsync(LoginScheme);

        // OpenIddict sends the browser to the validated post_logout_redirect_uri; without one, to a page saying so.
        await context.SignOutAsync(ServerScheme, new AuthenticationProperties { RedirectUri = SignedOutPath });
    }

    /// <summary>
    /// The same authorization request as a GET, for the form to come back to once signed in. The prompt is left out:
    /// the form has just answered prompt=login, and consent is implicit here.
    /// </summary>
    private static string ReturnUrl(OpenIddictRequest request) =>
        AuthorizePath + QueryString.Create(request.GetParameters()
            .Where(p => p.Key != Parameters.Prompt)
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [ServerScheme]);
}
