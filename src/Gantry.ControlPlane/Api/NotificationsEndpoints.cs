using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Notifications;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/notifications</c>: where app events are sent, how their deliveries stand, and failed ones sent again.</summary>
public static class NotificationsEndpoints
{
    private const string NameRoute = "{name:regex(^[a-z0-9][a-z0-9-]{{0,62}}$)}";

    public static void MapNotifications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("/", (NotificationDestinations destinations, CancellationToken ct) => destinations.ListAsync(ct))
            .WithSummary("Lists the destinations with their pending, delivered and failed deliveries.");
        group.MapPut($"/{NameRoute}", async Task<IResult> (string name, NotificationDestinationRequest? body, NotificationDestinations destinations, CancellationToken ct) =>
            {
                try
                {
                    return Results.Ok(await destinations.SaveAsync(name, body ?? new NotificationDestinationRequest(), ct));
                }
                catch (NotificationRefusedException e)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, e.Message);
                }
            })
            .Produces<NotificationDestinationInfo>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Adds or replaces a destination (webhook, Discord, Slack, e-mail or RabbitMQ); a new webhook's signing secret is in this answer only.");
        group.MapDelete($"/{NameRoute}", async (string name, NotificationDestinations destinations, CancellationToken ct) =>
                await destinations.RemoveAsync(name, ct) ? Results.NoContent() : NoDestination(name))
            .WithSummary("Removes a destination and the deliveries still owed to it.");
        group.MapPost($"/{NameRoute}/test", async (string name, NotificationDestinations destinations, DestinationSender sender, TimeProvider time, CancellationToken ct) =>
            {
                if ((await destinations.OpenedAsync(ct)).FirstOrDefault(d => d.Name == name) is not { } destination)
                {
                    return NoDestination(name);
                }

                var result = await sender.SendAsync(destination, EventNotification.Test(name, destination.App, time.GetUtcNow()).ToJson(), ct);
                return Results.Ok(new NotificationTestResult(name, result.Delivered, result.Detail));
            })
            .Produces<NotificationTestResult>()
            .WithSummary("Sends a notification.test event straight to the destination (not through the outbox) and says how it answered.");
        group.MapGet("/deliveries", async Task<IResult> (string? destination, string? state, int? limit, Outbox outbox, CancellationToken ct) =>
            {
                OutboxState? wanted = null;
                if (!string.IsNullOrEmpty(state))
                {
                    if (!Outbox.TryParseState(state, out var parsed))
                    {
                        return ApiResults.Problem(StatusCodes.Status400BadRequest, $"state: '{state}' is not pending, delivered or failed");
                    }

                    wanted = parsed;
                }

                return Results.Ok(await outbox.ListAsync(destination, wanted, Math.Clamp(limit ?? 100, 1, 1000), ct));
            })
            .Produces<List<DeliveryInfo>>()
            .WithSummary("The newest deliveries, of one destination or all, in one state or all (pending, delivered, failed).");
        group.MapGet("/failures", (string? destination, Outbox outbox, CancellationToken ct) => outbox.ListAsync(destination, OutboxState.Dead, 1000, ct))
            .WithSummary("Deliveries given up on (after the last attempt, or refused for good by the destination), newest first.");
        group.MapPost("/failures/retry", async (NotificationRetryRequest? body, Outbox outbox, CancellationToken ct) =>
                Results.Ok(new NotificationRetryResult(await outbox.RetryAsync(body?.Ids, body?.Destination, ct))))
            .Produces<NotificationRetryResult>()
            .WithSummary("Sends failed deliveries again (the given ids, a destination's, or all), with a fresh count of attempts.");
    }

    private static IResult NoDestination(string name) =>
        ApiResults.Problem(StatusCodes.Status404NotFound, $"there is no notification destination '{name}' ('gantry notifications list' shows them)");
}
