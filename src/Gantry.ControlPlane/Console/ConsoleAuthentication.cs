using Gantry.ControlPlane.Security;
using Microsoft.AspNetCore.Authentication;

namespace Gantry.ControlPlane.Console;

/// <summary>The console's sign-in: a token or a user's password once, then an HttpOnly, SameSite=Strict session cookie.</summary>
public static class ConsoleAuthentication
{
    public const string SchemeName = "GantryConsole";

    /// <summary>The hash of the token a session signed in with: replacing the token ends the sessions made with it.</summary>
    public const string TokenHashClaim = "gantry:token-hash";

    /// <summary>A user's stamp when the session signed in with a password: a new password or a removal ends the session.</summary>
    public const string UserStampClaim = "gantry:user-stamp";

    /// <summary>The default: the bearer token when a request sends one (the CLI), else the console's cookie (a browser).</summary>
    public const string EitherScheme = "GantryTokenOrConsole";

    public static AuthenticationBuilder AddConsoleCookie(this AuthenticationBuilder builder, string bearerScheme) =>
        builder
            .AddPolicyScheme(EitherScheme, null, either => either.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearerScheme : SchemeName)
            .AddCookie(SchemeName, cookie =>
        {
            cookie.Cookie.Name = "gantry_console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/signin";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = context =>
            {
                var services = context.HttpContext.RequestServices;
                if (context.Principal is not { } user
                    || !ConsoleAuthenticationState.IsValid(user, services.GetRequiredService<CallerGrants>(), services.GetRequiredService<Security.Users.UserDirectory>()))
                {
                    context.RejectPrincipal();
                }

                return Task.CompletedTask;
            };
        });

    /// <summary>Only a path on this site: a return URL must never send a signed-in user elsewhere.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : "/";
}
