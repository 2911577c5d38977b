using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Git;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/apps/APP/git</c>: an app's repository connection and deploys from it; <c>/hooks/git/APP</c>: its webhook.</summary>
public static class GitEndpoints
{
    /// <summary>Push and pull request payloads are a few kilobytes; GitHub caps them at 25 MB, far above anything Gantry reads.</summary>
    private const long MaxWebhookBytes = 4 * 1024 * 1024;

    public static void MapGit(this RouteGroupBuilder api)
    {
        var git = api.MapGroup($"/apps/{AppsEndpoints.AppRoute}/git").WithTags("Git");
        git.MapGet("/", async Task<IResult> (string app, GitConnections connections, CancellationToken ct) =>
                await connections.GetAsync(app, ct) is { } info ? Results.Ok(info) : NotConnected(app))
            .Produces<GitConnectionInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Shows the app's repository connection: repository, branch, folder, deploy key and webhook path (never its secrets).");
        git.MapPut("/", async Task<IResult> (string app, GitConnectRequest? body, HttpContext http, GitConnections connections, CancellationToken ct) =>
            {
                try
                {
                    return Results.Ok(await connections.ConnectAsync(app, body ?? new GitConnectRequest(null), AppsEndpoints.Actor(http), ct));
                }
                catch (GitRefusedException e)
                {
                    return ApiResults.Problem(e.Status, e.Message);
                }
            })
            .Produces<GitConnectionInfo>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Connects the app to a repository or changes the connection; the answer that makes a webhook secret (first connection, rotateSecrets) is the only one that shows it.");
        git.MapDelete("/", async Task<IResult> (string app, HttpContext http, GitConnections connections, CancellationToken ct) =>
                await connections.DisconnectAsync(app, AppsEndpoints.Actor(http), ct) ? Results.NoContent() : NotConnected(app))
            .WithSummary("Disconnects the app from its repository: pushes no longer deploy; its releases stay.");
        git.MapPost("/deploy", async (string app, GitDeployRequest? body, HttpContext http, GitDeployer deployer, CancellationToken ct) =>
                ApiResults.From(await deployer.DeployAsync(app, body?.Ref, AppsEndpoints.Actor(http), ct)))
            .Produces<DeployAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Fetches a commit of the connected repository (default: its branch's head) and deploys it; the release records the commit.");
    }

    /// <summary>The webhook: outside the bearer-token API, since providers sign deliveries instead; each is verified with the app's secret.</summary>
    public static void MapGitHooks(this WebApplication app)
    {
        app.MapPost($"/hooks/git/{AppsEndpoints.AppRoute}", async (string app, HttpContext http, GitHooks hooks, CancellationToken ct) =>
            {
                if (http.Request.ContentLength > MaxWebhookBytes)
                {
                    return ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, $"the delivery is larger than {MaxWebhookBytes / 1024 / 1024} MB");
                }

                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    size.MaxRequestBodySize = MaxWebhookBytes;
                }

                byte[] body;
                try
                {
                    using var buffer = new MemoryStream();
                    await http.Request.Body.CopyToAsync(buffer, ct);
                    body = buffer.ToArray();
                }
                catch (BadHttpRequestException e)
                {
                    return ApiResults.Problem(e.StatusCode, $"the delivery could not be read: {e.Message}");
                }

                var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                var (status, answer) = await hooks.HandleAsync(app, headers, body, ct);
                return status >= 400 ? ApiResults.Problem(status, answer.Detail) : Results.Json(answer, statusCode: status);
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Git")
            .Produces<WebhookAnswer>()
            .Produces<WebhookAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("A repository's webhook (GitHub, GitLab, Gitea/Forgejo or generic): verified with the app's secret; a push to the connected branch deploys it, a pull request deploys or removes its preview.");
    }

    private static IResult NotConnected(string app) =>
        ApiResults.Problem(StatusCodes.Status404NotFound, $"app '{app}' is not connected to a repository; connect it with 'gantry apps connect {app} --repo URL'");
}
