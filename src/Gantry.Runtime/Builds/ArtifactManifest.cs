using System.Collections.Immutable;
using System.Text.Json;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds;

/// <summary>
/// <c>artifact.json</c>: written last, by an atomic rename, so its presence means the build completed. A folder without it
/// is the remains of a killed build and is never reused.
/// </summary>
internal static class ArtifactManifest
{
    public const string FileName = "artifact.json";
    private const int CurrentVersion = 1;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(BuildArtifact artifact)
    {
        var manifest = new Manifest(
            CurrentVersion, artifact.Key, artifact.Builder, artifact.Directory, artifact.Launch.FileName, artifact.Launch.Arguments,
            artifact.Launch.WorkingDirectory, artifact.Launch.Environment, DateTimeOffset.UtcNow, artifact.Stack);
        var path = Path.Combine(artifact.Directory, FileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, manifest, JsonOptions);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The artifact in <paramref name="directory"/> if its build completed (for this folder and this manifest version).</summary>
    public static BuildArtifact? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var manifest = JsonSerializer.Deserialize<Manifest>(stream, JsonOptions);
            if (manifest is null || manifest.Version != CurrentVersion || manifest.Directory != directory)
            {
                return null;
            }

            var launch = new LaunchCommand(manifest.FileName, manifest.Arguments, manifest.WorkingDirectory, manifest.Environment);
            return new BuildArtifact(manifest.Key, manifest.Builder, manifest.Directory, launch) { Stack = manifest.Stack ?? "" };
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private sealed record Manifest(
        int Version,
        string Key,
        string Builder,
        string Directory,
        string FileName,
        ImmutableArray<string> Arguments,
        string WorkingDirectory,
        ImmutableDictionary<string, string> Environment,
        DateTimeOffset CreatedAt,
        string? Stack);
}
