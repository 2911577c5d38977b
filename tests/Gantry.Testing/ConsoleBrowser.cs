using System.Net;
using System.Text.RegularExpressions;

namespace Gantry.Testing;

/// <summary>
/// A browser without JavaScript for the console's statically rendered forms (sign-in, the CLI's sign-in): it keeps
/// cookies, follows no redirect, and posts a form with the antiforgery token its page carries, as a browser would.
/// </summary>
public sealed partial class ConsoleBrowser : IDisposable
{
    public ConsoleBrowser(Uri console) =>
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = console };

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();

    /// <summary>Loads <paramref name="path"/> and posts its form <paramref name="formName"/> with <paramref name="fields"/> (named as the page names them, "Input.User").</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var page = await Http.GetStringAsync(path);
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups["value"].Value,
        };
        return await Http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts the sign-in form: a token, or a user's name and password.</summary>
    public Task<HttpResponseMessage> SignInAsync(IReadOnlyDictionary<string, string> fields) => PostFormAsync("signin", "signin", fields);

    /// <summary>Signs in as <paramref name="user"/>; throws with the page when the console does not redirect (a refusal).</summary>
    public async Task SignInAsUserAsync(string user, string password)
    {
        var response = await SignInAsync(new Dictionary<string, string> { ["Input.User"] = user, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"{user} signing in to the console: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
