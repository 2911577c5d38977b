using Gantry.AppModel.Compose;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gantry.ControlPlane.Api;

/// <summary><c>POST /api/v1/deploy</c>, rollback and scale: the calls that create releases or change scale.</summary>
public static partial class DeployEndpoints
{
    public static void MapDeploys(this RouteGroupBuilder api)
    {
        api.MapPost("/deploy", DeployAsync)
            .WithTags("Releases")
            .AddOpenApiOperationTransformer(DescribeDeployBody)
            .Produces<DeployAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Deploys an app: JSON {entry, files}, or multipart with 'entry' and 'bundle' (a .tar.gz of the app's folder, sources included).");

        api.MapPost($"/apps/{AppsEndpoints.AppRoute}/rollback", async (string app, RollbackRequest? request, HttpContext http, DeployService deploys, CancellationToken ct) =>
                ApiResults.From(await deploys.RollbackAsync(app, request?.To, AppsEndpoints.Actor(http), ct)))
            .WithTags("Releases")
            .Produces<DeployAccepted>(StatusCodes.Status202Accepted)
            .WithSummary("Creates a new release from an earlier one (default: the last successful release before the current one).");

        api.MapPost($"/apps/{AppsEndpoints.AppRoute}/scale", async (string app, ScaleRequest? request, HttpContext http, DeployService deploys, CancellationToken ct) =>
                request?.Replicas is not { Count: > 0 } replicas
                    ? ApiResults.Problem(StatusCodes.Status400BadRequest, "replicas: give at least one workload, for example {\"replicas\": {\"web\": 3}}")
                    : ApiResults.From(await deploys.ScaleAsync(app, replicas, AppsEndpoints.Actor(http), ct)))
            .WithTags("Apps")
            .WithSummary("Sets the number of instances per workload.");
    }

    /// <summary>
    /// Documents the two body forms. Declared this way rather than with Accepts metadata, which would make routing
    /// answer other content types with a bare 415 before the handler can say what to send.
    /// </summary>
    private static Task DescribeDeployBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "JSON {\"entry\": \"score.yaml\", \"files\": {\"score.yaml\": \"...\"}}, or multipart/form-data with 'entry' and 'bundle' (a .tar.gz of the app's folder). A compose file as the entry is imported: 'name' names the app when it has no top-level name, 'profile' (repeated) selects profiles, 'provision=true' provisions its well-known servers.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new(),
                ["multipart/form-data"] = new(),
            },
        };
        return Task.CompletedTask;
    }

    private static async Task<IResult> DeployAsync(HttpContext http, DeployService deploys, ServerOptions options, ILogger<DeployService> logger, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType && !http.Request.HasJsonContentType())
        {
            return ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "send application/json ({\"entry\", \"files\"}) or multipart/form-data (entry, bundle)");
        }

        var limits = options.Uploads;
        var (maxBody, tooLarge) = http.Request.HasFormContentType
            ? (limits.MaxBundleBytes + UploadLimits.EnvelopeBytes, $"the upload is larger than {ByteSize.Format(limits.MaxBundleBytes)}; bundles are accepted up to {ByteSize.Format(limits.MaxBundleBytes)} (compressed)")
            : (limits.MaxJsonBytes, $"the request is larger than {ByteSize.Format(limits.MaxJsonBytes)}; JSON deploys are accepted up to {ByteSize.Format(limits.MaxJsonBytes)} (send larger apps as a bundle)");
        if (http.Request.ContentLength > maxBody)
        {
            return ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, tooLarge);
        }

        // Also for a body without a length (chunked): Kestrel stops reading at the limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBody;
        }

        var incoming = deploys.NewIncomingDirectory();
        try
        {
            var (entry, compose, problem) = await ReceiveAsync(http, incoming, limits, tooLarge, ct);
            return problem ?? ApiResults.From(await deploys.DeployAsync(
                incoming, entry!, $"deploy {entry}", AppsEndpoints.Actor(http), ct, compose, grant: Security.Access.AccessGrant.FromClaims(http.User)));
        }
        catch (UploadRefusedException ex)
        {
            return ApiResults.Problem(ex.StatusCode, ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, tooLarge)
                : ApiResults.Problem(StatusCodes.Status400BadRequest, $"the upload could not be read: {ex.Message}");
        }
        catch (System.Text.Json.JsonException ex)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, ApiResults.DescribeJson(ex));
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or ArgumentException)
        {
            return ApiResults.Problem(StatusCodes.Status400BadRequest, $"the upload could not be read: {ex.Message}");
        }
        catch (IOException ex)
        {
            // The message may name server paths: it goes to the log, not to the client.
            LogUploadFailed(logger, ex);
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "the upload could not be read or stored; see the server log");
        }
        finally
        {
            if (Directory.Exists(incoming))
            {
                Directory.Delete(incoming, recursive: true);
            }
        }
    }

    /// <summary>Unpacks the upload into <paramref name="incoming"/>; returns the entry file, or a problem saying what is missing.</summary>
    private static async Task<(string? Entry, ComposeImportOptions? Compose, IResult? Problem)> ReceiveAsync(HttpContext http, string incoming, UploadLimits limits, string tooLarge, CancellationToken ct)
    {
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            var entry = form["entry"].ToString();
            if (entry.Length == 0 || form.Files.GetFile("bundle") is not { } bundle)
            {
                return (null, null, ApiResults.Problem(StatusCodes.Status400BadRequest, "multipart deploys need an 'entry' field (the file to deploy) and a 'bundle' file (a .tar.gz of the app's folder)"));
            }

            if (bundle.Length > limits.MaxBundleBytes)
            {
                return (null, null, ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, tooLarge));
            }

            await using var stream = bundle.OpenReadStream();
            await SourceBundle.ExtractAsync(stream, incoming, limits, ct);
            var compose = new ComposeImportOptions(form["name"].ToString() is { Length: > 0 } name ? name : null, form["provision"].ToString() == "true")
            {
                Profiles = [.. form["profile"].OfType<string>().Where(p => p.Length > 0)],
            };
            return (entry, compose, null);
        }

        var request = await http.Request.ReadFromJsonAsync<DeployFilesRequest>(ct);
        if (request?.Entry is not { Length: > 0 } jsonEntry || request.Files is not { Count: > 0 } files)
        {
            return (null, null, ApiResults.Problem(StatusCodes.Status400BadRequest, "entry and files are required: {\"entry\": \"score.yaml\", \"files\": {\"score.yaml\": \"...\"}}"));
        }

        await SourceBundle.WriteFilesAsync(files, incoming, limits, ct);
        return (jsonEntry, new ComposeImportOptions(request.Name, request.Provision) { Profiles = [.. request.Profiles ?? []] }, null);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Receiving a deploy upload failed")]
    private static partial void LogUploadFailed(ILogger logger, Exception exception);
}
