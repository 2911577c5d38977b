using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Resources;
using Gantry.ControlPlane.Resources.Backups;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/apps/APP/backups</c>: back up an app's resources, list the backups, restore and verify one.</summary>
public static class BackupsEndpoints
{
    public static void MapBackups(this RouteGroupBuilder api)
    {
        var route = $"/apps/{AppsEndpoints.AppRoute}/backups";
        api.MapGet(route, async Task<IResult> (string app, string? resource, BackupService backups, CancellationToken ct) =>
                await AnsweredAsync(async () => await backups.ListAsync(app, resource, ct) is { } list ? Results.Ok(list) : AppsEndpoints.NotFound(app)))
            .WithTags("Backups")
            .Produces<IReadOnlyList<BackupInfo>>()
            .WithSummary("Lists the app's backups, newest first (?resource=NAME for one resource's): state, size, SHA-256, why one failed.");

        api.MapPost(route, async Task<IResult> (string app, CreateBackupRequest? body, BackupService backups, HttpContext http, CancellationToken ct) =>
                await AnsweredAsync(async () =>
                {
                    var made = await backups.CreateAsync(app, body?.Resource, "manual", AppsEndpoints.Actor(http), ct);
                    return Results.Ok(made);
                }))
            .WithTags("Backups")
            .Produces<IReadOnlyList<BackupInfo>>()
            .WithSummary("Backs up one resource (body {resource}) or every resource of the app that can be; answers when done. A failed backup answers with state 'failed' and its reason, and is a backup.failed event.");

        api.MapPost($"{route}/restore", async Task<IResult> (string app, RestoreBackupRequest body, BackupRestorer restorer, HttpContext http, CancellationToken ct) =>
                await AnsweredAsync(async () => Results.Ok(await restorer.RestoreAsync(app, Required(body.Resource, "resource"), body.Backup, body.To, AppsEndpoints.Actor(http), ct))))
            .WithTags("Backups")
            .Produces<BackupInfo>()
            .WithSummary("Restores a backup (the resource's latest successful one unless {backup} names one) into the resource, or into {to}, another resource of the app of the same type.");

        api.MapPost($"{route}/verify", async Task<IResult> (string app, VerifyBackupRequest body, BackupRestorer restorer, HttpContext http, CancellationToken ct) =>
                await AnsweredAsync(async () => Results.Ok(await restorer.VerifyAsync(app, Required(body.Resource, "resource"), body.Backup, AppsEndpoints.Actor(http), ct))))
            .WithTags("Backups")
            .Produces<BackupVerification>()
            .WithSummary("Restores a backup into a scratch resource (removed after) and compares each table's row count with the count when the backup was taken.");
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ResourceException($"{field}: required (the resource's name, such as db)", StatusCodes.Status400BadRequest) : value;

    private static async Task<IResult> AnsweredAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ResourceException e)
        {
            return ApiResults.Problem(e.Status, e.Message);
        }
    }
}
