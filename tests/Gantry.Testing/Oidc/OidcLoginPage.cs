using System.Net;
using Microsoft.AspNetCore.Http;

namespace Gantry.Testing.Oidc;

/// <summary>
/// The provider's sign-in form: plain HTML with stable ids (<c>username</c>, <c>password</c>, <c>login</c>) that a
/// browser test fills and a plain HTTP test posts. It carries the authorization request to go back to once signed in.
/// </summary>
internal static class OidcLoginPage
{
    public const string Path = "/account/login";

    public static IResult Render(string returnUrl, string? userName = null, string? error = null)
    {
        var errorLine = error is null ? "" : $"""<p id="error" role="alert">{Encode(error)}</p>""";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Sign in - test OpenID Connect provider</title></head>
            <body>
            <h1>Sign in</h1>
            {errorLine}
            <form method="post" action="{Path}">
            <input type="hidden" name="returnUrl" value="{Encode(returnUrl)}">
            <label for="username">User name</label> <input id="username" name="username" autocomplete="username" value="{Encode(userName ?? "")}">
            <label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
            <button id="login" type="submit">Sign in</button>
            </form>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
