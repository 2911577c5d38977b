using Microsoft.AspNetCore.Authentication;

namespace Gantry.ControlPlane.Console;

/// <summary>Serves the web console (Blazor, server interactivity) on the admin port, beside the API.</summary>
public static class ConsoleSetup
{
    public static void AddGantryConsole(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
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

        // A form post with the antiforgery token (the endpoint validates it): a link or another site cannot sign anyone out.
        app.MapPost("/signout", async (HttpContext context) =>
            {
                await context.SignOutAsync(ConsoleAuthentication.SchemeName);
                return Results.Redirect("/signin");
            })
            .ExcludeFromDescription();
    }
}
