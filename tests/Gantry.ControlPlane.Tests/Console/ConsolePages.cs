using System.Security.Claims;
using System.Text.Json;
using Bunit;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console;
using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>
/// Console pages rendered by bUnit over a real server's services (its store, registries, audit log and access checks)
/// for one signed-in user: a click or a submit runs the page's own handler, so what a page shows and does is checked
/// without a browser. The user's session is the console's own claims, read through the server's authentication state.
/// </summary>
internal sealed class ConsolePages : BunitContext
{
    private readonly IServiceScope _scope;
    private readonly Task<AuthenticationState> _session;

    public ConsolePages(TestServer server, string user)
    {
        _scope = server.Server.Services.CreateScope();
        var stamp = _scope.ServiceProvider.GetRequiredService<UserDirectory>().StampOf(user) ?? throw new InvalidOperationException($"no user '{user}'");
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.Name, user), new(ConsoleAuthentication.UserStampClaim, stamp)], ConsoleAuthentication.SchemeName));
        _session = Task.FromResult(new AuthenticationState(principal));
        ((ServerAuthenticationStateProvider)_scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>()).SetAuthenticationState(_session);
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);

        // As a prerendered page: no refresh loop, so what the test sees changes only by its own clicks.
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    /// <summary>The page as the user's browser gets it, with the session cascaded as the console's router does.</summary>
    public IRenderedComponent<T> Open<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent =>
        Render<T>(p =>
        {
            p.AddCascadingValue(_session);
            parameters?.Invoke(p);
        });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scope.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Types into a form's field, as the browser's change event does.</summary>
    public static void Type<T>(IRenderedComponent<T> page, string selector, string value)
        where T : IComponent =>
        page.Find(selector).Change(value);

    /// <summary>Submits a form and waits for its handler to finish; the notice the page shows then.</summary>
    public static async Task<string> SubmitAsync<T>(IRenderedComponent<T> page, string form)
        where T : IComponent
    {
        await page.Find(form).SubmitAsync(EventArgs.Empty);
        return Notice(page);
    }

    /// <summary>Clicks the button whose text is <paramref name="label"/> in the row matching <paramref name="row"/>; the notice then.</summary>
    public static async Task<string> ClickAsync<T>(IRenderedComponent<T> page, string row, string label)
        where T : IComponent
    {
        await page.Find(row).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == label).ClickAsync(new());
        return Notice(page);
    }

    /// <summary>Clicks the page's one button whose text is <paramref name="label"/>; the notice then.</summary>
    public static async Task<string> ClickAsync<T>(IRenderedComponent<T> page, string label)
        where T : IComponent
    {
        await page.FindAll("button").Single(b => b.TextContent.Trim() == label).ClickAsync(new());
        return Notice(page);
    }

    public static string Notice<T>(IRenderedComponent<T> page)
        where T : IComponent =>
        page.FindAll("p.notice").Select(n => n.TextContent).SingleOrDefault() ?? "";

    /// <summary>The audit log's newest entries, as an owner reads them through the API.</summary>
    public static async Task<IReadOnlyList<AuditEntryInfo>> AuditAsync(TestServer server) =>
        await server.Admin.GetFromJsonAsync<List<AuditEntryInfo>>("api/v1/audit?limit=200", JsonSerializerOptions.Web) ?? [];
}
