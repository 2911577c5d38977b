using Docker.DotNet;
using Docker.DotNet.Models;

namespace Gantry.Runtime.Instances.Container;

/// <summary>Finds images on the engine, and pulls the ones that are missing, reporting progress.</summary>
public static class EngineImages
{
    public static async Task<bool> ExistsAsync(DockerClient client, string image, CancellationToken cancellationToken)
    {
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Makes sure the image is on the engine (true: it was pulled now); throws <see cref="InvalidOperationException"/>
    /// saying why when it cannot be pulled. Progress goes to <paramref name="output"/> as lines, and as
    /// <see cref="PullProgress"/> when it takes those too.
    /// </summary>
    public static async Task<bool> EnsureAsync(DockerClient client, string image, IProgress<string> output, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(client, image, cancellationToken))
        {
            return false;
        }

        var (repository, tag) = Split(image);
        output.Report($"pulling image {image}");
        var errors = new List<string>();
        var tracker = new PullTracker(image);
        var lastReport = DateTime.MinValue;
        try
        {
            await client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = repository, Tag = tag },
                null,
                new SyncProgress<JSONMessage>(m =>
                {
                    if (m.Error is { } error)
                    {
                        errors.Add(error.Message);
                        return;
                    }

                    tracker.Add(m);

                    // Progress messages come many times a second: report at most four times a second.
                    if (output is IProgress<PullProgress> pulls && DateTime.UtcNow - lastReport > TimeSpan.FromMilliseconds(250))
                    {
                        lastReport = DateTime.UtcNow;
                        pulls.Report(tracker.Current);
                    }
                }),
                cancellationToken);
        }
        catch (DockerApiException e)
        {
            errors.Add(e.ResponseBody is { Length: > 0 } body ? body.Trim() : e.Message);
        }

        var pulled = await ExistsAsync(client, image, cancellationToken);
        if (!pulled)
        {
            throw new InvalidOperationException(
                $"image '{image}' is not on this machine and could not be pulled: {(errors.Count > 0 ? string.Join("; ", errors.Distinct()) : "the engine did not get it")}");
        }

        var finished = tracker.Finished;
        if (output is IProgress<PullProgress> done)
        {
            done.Report(finished);
        }

        output.Report($"pulled image {image}");

        return true;
    }

    /// <summary>Imports a root file system tarball as <c>repository:tag</c> (Podman's import ignores the tag it is given: tag it afterwards).</summary>
    public static async Task ImportAsync(DockerClient client, Stream tarball, string repository, string tag, CancellationToken cancellationToken)
    {
        await client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag }, tarball, null, new SyncProgress<JSONMessage>(_ => { }), cancellationToken);
        if (!await ExistsAsync(client, $"{repository}:{tag}", cancellationToken) && await ExistsAsync(client, $"{repository}:latest", cancellationToken))
        {
            await client.Images.TagImageAsync($"{repository}:latest", new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken);
        }
    }

    /// <summary>repository and tag of a reference; a digest or a registry port is not a tag.</summary>
    public static (string Repository, string? Tag) Split(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return (image, null);
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
