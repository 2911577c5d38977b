using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/events</c>: deploys, failures, rollbacks, restarts and scale changes across apps.</summary>
public static class EventsEndpoints
{
    public static void MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", async (string? app, long? after, int? limit, HttpContext http, AppEventLog events, CancellationToken ct) =>
                await Security.Access.AccessVisibility.FilterAsync(http, (await events.ListAsync(app, null, after ?? 0, Math.Clamp(limit ?? 100, 1, 1000), ct)).Select(ToInfo), e => e.App))
            .WithTags("Events")
            .WithSummary("Lists events of the apps the caller may see, oldest first; 'after' pages forward from an event id, 'app' filters.");
    }

    public static EventInfo ToInfo(EventRecord e) => new(e.Id, e.Time, e.App, e.Release, e.Kind, e.Message, e.Actor);
}
