using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Audit;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/audit</c>: who changed what through the API, and proof that the record is whole.</summary>
public static class AuditEndpoints
{
    public static void MapAudit(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", async Task<IResult> (string? app, string? since, int? limit, AuditTrail trail, TimeProvider time, CancellationToken ct) =>
            {
                if (!SinceParser.TryParse(since, time.GetUtcNow(), out var from))
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, $"since: '{since}' is not a duration (10m, 2h, 7d) or a time (2026-12-01T00:00:00Z)");
                }

                return Results.Ok(await trail.ListAsync(app, from, Math.Clamp(limit ?? 200, 1, 10_000), ct));
            })
            .Produces<List<AuditEntryInfo>>()
            .WithSummary("The newest audit entries, oldest first: of one app or all, since a duration ago or a time.");
        audit.MapGet("/verify", (AuditTrail trail, CancellationToken ct) => trail.VerifyAsync(ct))
            .WithSummary("Checks the hash chain: valid, or the first entry changed, removed or out of place.");
    }
}
