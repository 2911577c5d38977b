using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Gantry.Runtime.Builds.Builders;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds;

/// <summary>
/// Turns a source folder into a runnable artifact under <c>{buildRoot}/{key}</c>, detecting how to build it (buildpack-style).
/// The key hashes the sources, the builder and the command, so identical sources reuse one artifact without building.
/// </summary>
public sealed class SourceBuildService
{
    // Builds of one key wait for each other, across every service on the same folder in this process.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly string _buildRoot;
    private readonly ImmutableArray<ISourceBuilder> _builders;
    private readonly ILogger _logger;

    public SourceBuildService(string buildRoot, BuildOptions options, ILogger logger)
        : this(buildRoot, DefaultBuilders(options), logger)
    {
    }

    /// <summary>With the builders to try, in order.</summary>
    public SourceBuildService(string buildRoot, IEnumerable<ISourceBuilder> builders, ILogger logger)
    {
        _buildRoot = Path.GetFullPath(buildRoot);
        _builders = [.. builders];
        _logger = logger;
    }

    /// <summary>The builders Gantry knows, in detection order: dotnet, node, python, go, java, php, static, then a plain command.</summary>
    public static ImmutableArray<ISourceBuilder> DefaultBuilders(BuildOptions options) =>
    [
        new DotnetBuilder(), new NodeBuilder(), new PythonBuilder(), new GoBuilder(), new JavaBuilder(), new PhpBuilder(),
        new StaticSiteBuilder(options), new CommandBuilder(),
    ];

    /// <summary>The name of the builder that would build the folder (<c>python</c>, <c>go</c>…), or null when none knows it.</summary>
    public string? Detect(BuildRequest request)
    {
        request = Normalized(request);
        return _builders.FirstOrDefault(b => b.Detects(request))?.Name;
    }

    /// <summary>Builds the folder, or reuses a complete earlier build of the same key. Throws <see cref="BuildFailedException"/> with the reason.</summary>
    public async Task<BuildArtifact> BuildAsync(BuildRequest request, IProgress<string> output, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(request.SourceDirectory);
        if (!Directory.Exists(source))
        {
            throw new BuildFailedException($"source folder '{source}' does not exist");
        }

        request = Normalized(request);
        var builder = _builders.FirstOrDefault(b => b.Detects(request))
            ?? throw new BuildFailedException(
                $"can't tell how to build '{source}': none of *.csproj, package.json, requirements.txt, pyproject.toml, go.mod, pom.xml, build.gradle, composer.json, index.php, index.html or a Procfile is there; add one, a Containerfile (container runtime), or set 'command' in the Score file");

        var key = SourceTree.Hash(source, request.Ignored, [builder.Fingerprint, "command", .. request.Command, "args", .. request.Args]);
        var directory = Path.Combine(_buildRoot, key);
        var gate = Gates.GetOrAdd(directory, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (ArtifactManifest.TryRead(directory) is { } existing)
            {
                SourceBuildLog.Reused(_logger, key, source);
                output.Report($"reused build {key}");
                return existing with { Reused = true };
            }

            return await BuildAsync(builder, request, key, directory, output, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<BuildArtifact> BuildAsync(
        ISourceBuilder builder, BuildRequest request, string key, string directory, IProgress<string> output, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        SourceBuildLog.Building(_logger, request.SourceDirectory, builder.Name, directory);
        output.Report($"building {request.SourceDirectory} with the {builder.Name} builder (build {key})");
        try
        {
            // Whatever is here is a killed build's remains (it has no manifest): start clean.
            DeleteDirectory(directory);
            Directory.CreateDirectory(directory);
            var built = await builder.BuildAsync(new SourceBuildContext(request, directory, output), cancellationToken);
            var (launch, stack) = Override(built, request);
            output.Report($"detected {stack}");
            var artifact = new BuildArtifact(key, builder.Name, directory, launch) { Stack = stack };
            ArtifactManifest.Write(artifact);
            SourceBuildLog.Built(_logger, request.SourceDirectory, builder.Name, watch.Elapsed);
            return artifact;
        }
        catch (BuildFailedException e)
        {
            SourceBuildLog.Failed(_logger, request.SourceDirectory, e.Message);
            TryDeleteDirectory(directory);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SourceBuildLog.Failed(_logger, request.SourceDirectory, e.Message);
            TryDeleteDirectory(directory);
            throw new BuildFailedException($"building '{request.SourceDirectory}' with the {builder.Name} builder failed: {e.Message}", e);
        }
        catch (OperationCanceledException)
        {
            TryDeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>The request with a full source path and empty (not default) arrays, as builders expect it.</summary>
    private static BuildRequest Normalized(BuildRequest request) => request with
    {
        SourceDirectory = Path.GetFullPath(request.SourceDirectory),
        Command = request.Command.IsDefault ? [] : request.Command,
        Args = request.Args.IsDefault ? [] : request.Args,
        Ignored = request.Ignored.IsDefault ? [] : request.Ignored,
    };

    /// <summary>
    /// Score's <c>command</c> replaces the detected start command (its <c>args</c> follow it); else a Procfile's web process
    /// does. <c>args</c> alone are appended to the start command.
    /// </summary>
    private static (LaunchCommand Launch, string Stack) Override(BuiltApp built, BuildRequest request)
    {
        var detected = built.Launch;
        if (!request.Command.IsEmpty)
        {
            return (detected with { FileName = request.Command[0], Arguments = [.. request.Command.Skip(1), .. request.Args] },
                (built with { Start = "the Score file's command" }).Describe());
        }

        if (Procfile.Find(request.SourceDirectory) is { } process)
        {
            return (Procfile.WithArguments(Procfile.Launch(process.Command, detected.WorkingDirectory, detected.Environment), request.Args),
                (built with { Start = $"the Procfile's {process.Name} process ({process.Command})" }).Describe());
        }

        return (Procfile.WithArguments(detected, request.Args), built.Describe());
    }

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            DeleteDirectory(directory);
        }
        catch (IOException)
        {
            // No manifest was written, so what is left is never reused; the next build of this key deletes it.
        }
    }
}
