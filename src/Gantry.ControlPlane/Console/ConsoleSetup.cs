using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace Gantry.ControlPlane.Console;

/// <summary>Serves the web console (Blazor, server interactivity) on the admin port, beside the API.</summary>
public static class ConsoleSetup
{
    public static void AddGantryConsole(this IServiceCollection services, string keysDirectory)
    {
        services.AddDataProtection().SetApplicationName("gantry").PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, ConsoleAuthenticationState>();
        services.AddScoped<ConsoleAccess>();
        services.AddSingleton<Forms.ConsoleDeployer>();
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "gantry_antiforgery";
            a.Cookie.SameSite = SameSiteMode.Strict;
        });
    }

    public static void MapGantryConsole(this WebApplication app)
    {
        // The manifest is the executable's (gantry): a host without one (the in-process test server) serves no assets.
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json");
        if (File.Exists(manifest))
        {
            app.MapStaticAssets(manifest);
        }

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        // Only the console's own form (it carries the antiforgery token): a link or another site cannot sign anyone out.
        app.MapPost("/signout", async Task<IResult> (HttpContext context, IAntiforgery antiforgery, Audit.ConsoleAudit audit) =>
            {
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return Results.BadRequest("The sign-out form has expired: reload the page and sign out again.");
                }

                if (context.User.Identity is { IsAuthenticated: true, Name: { } name })
                {
                    await audit.RecordAsync(Audit.ConsoleClient.Of(context), name, "console: sign-out", "done");
                }

                await context.SignOutAsync(ConsoleAuthentication.SchemeName);
                return Results.Redirect("/signin");
            })
            .ExcludeFromDescription();
    }
}
