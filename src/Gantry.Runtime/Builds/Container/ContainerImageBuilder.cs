using System.Collections.Immutable;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gantry.Runtime.Instances.Container;

namespace Gantry.Runtime.Builds.Container;

/// <summary>
/// Makes the image a workload runs: built by the engine from a Containerfile, or — for a .NET, Python or Go app
/// without one — built on the host and packed onto a base image made from this machine's own runtime. Images are
/// tagged by a hash of their sources, so unchanged sources reuse the image.
/// </summary>
public sealed class ContainerImageBuilder(ContainerEngine engine, SourceBuildService hostBuilds, ILogger<ContainerImageBuilder> logger)
{
    private static readonly string[] ContainerFileNames = ["Containerfile", "Dockerfile"];
    private readonly DockerClient _client = engine.Client;

    /// <summary>Builds (or reuses) the image for <paramref name="request"/>'s folder, <c>{imageName}:{key}</c>, and says what it is.</summary>
    public async Task<BuiltImage> BuildAsync(BuildRequest request, string imageName, IProgress<string> output, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(request.SourceDirectory);
        if (!Directory.Exists(folder))
        {
            throw new BuildFailedException($"source folder '{folder}' does not exist");
        }

        var ignored = request.Ignored.IsDefault ? [] : request.Ignored;
        var containerFile = request.Dockerfile ?? ContainerFileNames.FirstOrDefault(name => File.Exists(Path.Combine(folder, name)));
        if (request.Dockerfile is { } named && !File.Exists(Path.Combine(folder, named)))
        {
            throw new BuildFailedException($"the Containerfile '{named}' is not in '{folder}'");
        }

        var kind = containerFile ?? HostStack(request with { SourceDirectory = folder, Ignored = ignored });
        // An app packed on a base image names it: a new base (another runtime, a new recipe) is a new image.
        var key = SourceTree.Hash(folder, ignored, ["image", kind, BaseOf(kind), .. BuildSettings(request)])[..12];
        var image = $"{imageName}:{key}";
        if (await EngineImages.ExistsAsync(_client, image, cancellationToken))
        {
            output.Report($"reused image {image}: its sources are unchanged");
            return new BuiltImage(image, containerFile is not null ? $"its {containerFile}" : await StackLabelAsync(image, cancellationToken) ?? kind);
        }

        if (containerFile is not null)
        {
            using var context = BuildContext.Tar(folder, ignored);
            await BuildOnEngineAsync(context, containerFile, image, output, cancellationToken, request);
            return new BuiltImage(image, $"its {containerFile}");
        }

        var stack = kind == "dotnet"
            ? await BuildDotnetAsync(request with { Ignored = ignored }, image, output, cancellationToken)
            : await BuildStackAsync(request with { Ignored = ignored }, image, output, cancellationToken);
        return new BuiltImage(image, stack);
    }

    /// <summary>Pulls the image unless the engine already has it (true: pulled now); a failure says which image and why.</summary>
    public async Task<bool> EnsureImageAsync(string image, IProgress<string> output, CancellationToken cancellationToken)
    {
        try
        {
            return await EngineImages.EnsureAsync(_client, image, output, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new BuildFailedException(e.Message, e);
        }
    }

    /// <summary>The image's registry digest when it came from a registry, else the engine's image id (both <c>sha256:…</c>).</summary>
    public async Task<string?> DigestAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            var inspect = await _client.Images.InspectImageAsync(image, cancellationToken);
            return inspect.RepoDigests?.FirstOrDefault()?.Split('@').LastOrDefault() ?? inspect.ID;
        }
        catch (DockerApiException)
        {
            return null;
        }
    }

    private async Task<string> BuildDotnetAsync(BuildRequest request, string image, IProgress<string> output, CancellationToken cancellationToken)
    {
        var published = await hostBuilds.BuildAsync(request, output, cancellationToken);
        if (published.Builder != "dotnet" || published.Launch.Arguments.IsDefaultOrEmpty)
        {
            throw new BuildFailedException($"'{request.SourceDirectory}' did not build as a .NET project; add a Containerfile");
        }

        var baseImage = await DotnetRuntimeImage.EnsureAsync(_client, output, cancellationToken);
        var dll = Path.GetFileName(published.Launch.Arguments[0]);
        var dockerfile = $"""
            FROM {baseImage}
            COPY app/ /app/
            WORKDIR /app
            ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 PATH=/usr/share/dotnet:/usr/bin:/bin
            ENTRYPOINT ["/usr/share/dotnet/dotnet", "/app/{dll}"]
            {StackImage.Label(published.Stack)}
            """;
        using var context = BuildContext.Tar(published.Launch.WorkingDirectory, ImmutableArray<string>.Empty, new Dictionary<string, string> { ["Containerfile"] = dockerfile }, "app/");
        await BuildOnEngineAsync(context, "Containerfile", image, output, cancellationToken);
        return published.Stack;
    }

    /// <summary>The stack of a folder without a Containerfile, when Gantry can pack it; else an error saying what to add.</summary>
    private string HostStack(BuildRequest request)
    {
        var stack = hostBuilds.Detect(request);
        return stack is "dotnet" || (stack is not null && StackImage.Packs(stack))
            ? stack
            : throw new BuildFailedException(
                $"'{request.SourceDirectory}' has no Containerfile or Dockerfile{(stack is null ? "" : $" and is a {stack} app")}; without one Gantry packs .NET, Python, Go, Java and PHP apps only: add a Containerfile, or run it on the process runtime");
    }

    private static string BaseOf(string kind) => kind switch
    {
        "dotnet" => DotnetRuntimeImage.Name,
        "python" or "go" or "java" or "php" => StackImage.Name(kind),
        _ => "",
    };

    /// <summary>Builds the app on the host, then copies its artifact onto the stack's base image.</summary>
    private async Task<string> BuildStackAsync(BuildRequest request, string image, IProgress<string> output, CancellationToken cancellationToken)
    {
        var built = await hostBuilds.BuildAsync(request, output, cancellationToken);
        var baseImage = await StackImage.EnsureBaseAsync(_client, built, output, cancellationToken);
        var containerfile = new Dictionary<string, string> { ["Containerfile"] = StackImage.Containerfile(baseImage, built) };
        using var context = BuildContext.Tar(built.Directory, [ArtifactManifest.FileName], containerfile, "artifact/", built: true);
        await BuildOnEngineAsync(context, "Containerfile", image, output, cancellationToken);
        return built.Stack;
    }

    /// <summary>What a packed image's build detected, kept in its label so a reused image still says it.</summary>
    private async Task<string?> StackLabelAsync(string image, CancellationToken cancellationToken)
    {
        var inspect = await _client.Images.InspectImageAsync(image, cancellationToken);
        return inspect.Config?.Labels is { } labels && labels.TryGetValue(StackImage.StackLabel, out var stack) ? stack : null;
    }

    /// <summary>A stage and build arguments, when given, are part of what the image is (none: the key images always had).</summary>
    private static IEnumerable<string> BuildSettings(BuildRequest request) =>
        request.Target is null && request.BuildArgs.IsEmpty
            ? []
            : ["target", request.Target ?? "", .. request.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")];

    private async Task BuildOnEngineAsync(Stream context, string containerFile, string image, IProgress<string> output, CancellationToken cancellationToken, BuildRequest? request = null)
    {
        var lines = new List<string>();
        var errors = new List<string>();
        var progress = new SyncProgress<JSONMessage>(m =>
        {
            if (m.Error is { } error)
            {
                errors.Add(error.Message);
            }

            foreach (var line in (m.Stream ?? m.Status ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                lines.Add(line);
                output.Report(line);
            }
        });
        BuildLog.Building(logger, image);
        try
        {
            await _client.Images.BuildImageFromDockerfileAsync(
                new ImageBuildParameters
                {
                    Dockerfile = containerFile,
                    Tags = [image],
                    Remove = true,
                    ForceRemove = true,
                    Target = request?.Target,
                    BuildArgs = request is { BuildArgs.Count: > 0 } ? request.BuildArgs.ToDictionary() : null,
                },
                context, null, null, progress, cancellationToken);
        }
        catch (DockerApiException e)
        {
            errors.Add(e.ResponseBody is { Length: > 0 } body ? body.Trim() : e.Message);
        }

        if (errors.Count > 0 || !await EngineImages.ExistsAsync(_client, image, cancellationToken))
        {
            var tail = string.Join("\n", lines.TakeLast(20).Select(l => "  " + l));
            throw new BuildFailedException($"building image {image} from its {containerFile} failed: {string.Join("; ", errors.DefaultIfEmpty("no image was made"))}\n{tail}");
        }
    }
}
