using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;

namespace Gantry.ControlPlane.Api;

/// <summary><c>POST /api/v1/deploy</c>, rollback and scale: the calls that create releases or change scale.</summary>
public static class DeployEndpoints
{
    public static void MapDeploys(this RouteGroupBuilder api)
    {
        api.MapPost("/deploy", DeployAsync)
            .WithTags("Releases")
            .Accepts<DeployFilesRequest>("application/json", "multipart/form-data")
            .Produces<DeployAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Deploys an app: JSON {entry, files}, or multipart with 'entry' and 'bundle' (a .tar.gz of the app's folder, sources included).");

        api.MapPost($"/apps/{AppsEndpoints.AppRoute}/rollback", async (string app, RollbackRequest? request, HttpContext http, DeployService deploys, CancellationToken ct) =>
                ApiResults.From(await deploys.RollbackAsync(app, request?.To, AppsEndpoints.Actor(http), ct)))
            .WithTags("Releases")
            .Produces<DeployAccepted>(StatusCodes.Status202Accepted)
            .WithSummary("Creates a new release from an earlier one (default: the last successful release before the current one).");

        api.MapPost($"/apps/{AppsEndpoints.AppRoute}/scale", async (string app, ScaleRequest request, HttpContext http, DeployService deploys, CancellationToken ct) =>
                request.Replicas is not { Count: > 0 } replicas
                    ? ApiResults.Problem(StatusCodes.Status400BadRequest, "replicas: give at least one workload, for example {\"replicas\": {\"web\": 3}}")
                    : ApiResults.From(await deploys.ScaleAsync(app, replicas, AppsEndpoints.Actor(http), ct)))
            .WithTags("Apps")
            .WithSummary("Sets the number of instances per workload.");
    }

    private static async Task<IResult> DeployAsync(HttpContext http, DeployService deploys, CancellationToken ct)
    {
        var incoming = deploys.NewIncomingDirectory();
        string entry;
        string source;
        try
        {
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(ct);
                entry = form["entry"].ToString();
                var bundle = form.Files.GetFile("bundle");
                if (entry.Length == 0 || bundle is null)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, "multipart deploys need an 'entry' field (the file to deploy) and a 'bundle' file (a .tar.gz of the app's folder)");
                }

                await using var stream = bundle.OpenReadStream();
                await SourceBundle.ExtractAsync(stream, incoming, ct);
            }
            else
            {
                var request = await http.Request.ReadFromJsonAsync<DeployFilesRequest>(ct);
                if (request?.Entry is not { Length: > 0 } jsonEntry || request.Files is not { Count: > 0 } files)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, "entry and files are required: {\"entry\": \"score.yaml\", \"files\": {\"score.yaml\": \"...\"}}");
                }

                entry = jsonEntry;
                await SourceBundle.WriteFilesAsync(files, incoming, ct);
            }

            source = $"deploy {entry}";
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException or IOException or FormatException)
        {
            if (Directory.Exists(incoming))
            {
                Directory.Delete(incoming, recursive: true);
            }

            return ApiResults.Problem(StatusCodes.Status400BadRequest, $"the upload could not be read: {ex.Message}");
        }

        return ApiResults.From(await deploys.DeployAsync(incoming, entry, source, AppsEndpoints.Actor(http), ct));
    }
}
