using System.Net;
using System.Security.Claims;
using Gantry.ControlPlane.Audit;
using Gantry.ControlPlane.Console;
using Gantry.ControlPlane.Security.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;

namespace Gantry.ControlPlane.Security.Oidc;

/// <summary>
/// Ends a provider's sign-in as the password form ends one: the same console cookie (name and user stamp), the same
/// audit entry, the same refusal for users the console does not take. Nothing else of the provider's is kept.
/// </summary>
internal static partial class OidcSignIn
{
    /// <summary>Where the browser goes after signing in, carried through the provider in the protected state.</summary>
    public const string ReturnUrlItem = "gantry:return-url";

    private const string ErrorPurpose = "Gantry.Console.SignInError";

    public static async Task TokenValidatedAsync(TokenValidatedContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var services = http.RequestServices;
        var audit = services.GetRequiredService<ConsoleAudit>();
        var client = ConsoleClient.Of(http);
        if (OidcIdentity.Of(context.Principal!, services.GetRequiredService<OidcOptions>().GroupsClaim) is not { } identity)
        {
            await audit.RecordAsync(client, "unknown", "console: sign-in", "refused: the provider's id_token names no subject");
            Refuse(http, "The provider's answer names no user (no 'sub' claim).");
            return;
        }

        if (await services.GetRequiredService<OidcUserSync>().SyncAsync(identity, http.RequestAborted) is not { } name)
        {
            await audit.RecordAsync(client, "unknown", "console: sign-in", "refused: the user name was taken meanwhile");
            Refuse(http, "Your user name was taken at this very moment: sign in again.");
            return;
        }

        var users = services.GetRequiredService<UserDirectory>();
        var grant = users.GrantOf(name);
        var refusal = grant is null ? "no such user" : ConsoleAuthenticationState.Refusal(grant);
        await audit.RecordAsync(client, name, "console: sign-in", refusal is null ? "done" : "refused: " + refusal);
        if (refusal is not null)
        {
            Refuse(http, $"That is {grant?.Describe() ?? name}: {refusal}.");
            return;
        }

        Claim[] session = [new(ClaimTypes.Name, name), new(ConsoleAuthentication.UserStampClaim, users.StampOf(name) ?? "")];
        await http.SignInAsync(ConsoleAuthentication.SchemeName, new ClaimsPrincipal(new ClaimsIdentity(session, ConsoleAuthentication.SchemeName)));
        context.Properties!.Items.TryGetValue(ReturnUrlItem, out var returnUrl);
        await NavigateAsync(http, ConsoleAuthentication.SafeReturnUrl(returnUrl));
    }

    /// <summary>A refused code, a token of another provider or audience, a denial at the provider: nobody signs in.</summary>
    public static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var reason = context.Failure?.Message ?? "unknown failure";
        SignInFailed(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn)), reason);
        await context.HttpContext.RequestServices.GetRequiredService<ConsoleAudit>()
            .RecordAsync(ConsoleClient.Of(context.HttpContext), "unknown", "console: sign-in", "refused: single sign-on failed: " + reason);
        Refuse(context.HttpContext, "Single sign-on failed: " + reason);
    }

    /// <summary>A wrong client id, secret or redirect URI shows here first: the operator reads the log, not the browser.</summary>
    [LoggerMessage(EventId = 960, Level = LogLevel.Warning, Message = "Single sign-on failed: {Reason}")]
    private static partial void SignInFailed(ILogger logger, string reason);

    /// <summary>The sign-in page's message for <paramref name="error"/>; null when it is not one Gantry wrote.</summary>
    public static string? ErrorText(IDataProtectionProvider protection, string? error)
    {
        if (string.IsNullOrEmpty(error))
        {
            return null;
        }

        try
        {
            return protection.CreateProtector(ErrorPurpose).Unprotect(error);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The message travels protected: a link from elsewhere cannot make the sign-in page say anything.</summary>
    private static void Refuse(HttpContext http, string message)
    {
        var protector = http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(ErrorPurpose);
        http.Response.Redirect("/signin?error=" + Uri.EscapeDataString(protector.Protect(message)));
    }

    /// <summary>
    /// A page that moves on by itself rather than a redirect: the provider started this navigation, and a browser sends
    /// no SameSite=Strict cookie (the console's) along a redirect chain another site began.
    /// </summary>
    private static Task NavigateAsync(HttpContext http, string url)
    {
        var encoded = WebUtility.HtmlEncode(url);
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={encoded}"><title>Signed in · Gantry</title></head>
            <body><p>Signed in. <a href="{encoded}">Continue to the console</a>.</p></body></html>
            """);
    }
}
