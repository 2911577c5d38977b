using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Settings;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/config</c> and <c>/apps/APP/config</c>: the settings environment resources read (values shown only when revealed).</summary>
public static class SettingsEndpoints
{
    public static void MapSettings(this RouteGroupBuilder api)
    {
        Map(api.MapGroup("/config").WithTags("Settings"), _ => SettingRecord.Platform, "the platform's (every app's, unless the app sets the key)");
        Map(api.MapGroup($"/apps/{AppsEndpoints.AppRoute}/config").WithTags("Settings"), http => (string)http.GetRouteValue("app")!,
            "the app's (its own, then the platform's); an app's settings may be set before its first deploy");
    }

    private static void Map(RouteGroupBuilder group, Func<HttpContext, string> scopeOf, string whose)
    {
        group.MapGet("/", (HttpContext http, SettingsStore settings, CancellationToken ct) =>
                settings.ListAsync(scopeOf(http), reveal: false, AppsEndpoints.Actor(http), ct))
            .Produces<IReadOnlyList<SettingInfo>>()
            .WithSummary($"Lists the settings of {whose}: keys and fingerprints, not values.");
        group.MapPost("/reveal", (HttpContext http, SettingsStore settings, CancellationToken ct) =>
                settings.ListAsync(scopeOf(http), reveal: true, AppsEndpoints.Actor(http), ct))
            .Produces<IReadOnlyList<SettingInfo>>()
            .WithSummary($"Lists the settings of {whose} with their values; every reveal is recorded as a config.revealed event naming who asked.");
        group.MapPatch("/", async Task<IResult> (HttpContext http, SettingsRequest? body, SettingsStore settings, CancellationToken ct) =>
            {
                try
                {
                    return Results.Ok(await settings.ChangeAsync(scopeOf(http), body?.Values, AppsEndpoints.Actor(http), ct));
                }
                catch (SettingsException e)
                {
                    return ApiResults.Problem(e.Status, e.Message);
                }
            })
            .Produces<IReadOnlyList<SettingInfo>>()
            .WithSummary($"Changes the settings of {whose}: {{\"values\": {{\"API_KEY\": \"…\", \"OLD\": null}}}} sets and unsets keys together; apps see the change with their next deploy.");
    }
}
