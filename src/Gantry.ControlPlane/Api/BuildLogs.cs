using Gantry.ControlPlane.Hosting;

namespace Gantry.ControlPlane.Api;

/// <summary>Releases' build output as the builder wrote it (DATA/builds/logs), for the API and the console; readable while the build still writes it.</summary>
public sealed class BuildLogs(DataDirectory data)
{
    /// <summary>The log's text, or only its last <paramref name="maxChars"/> characters; null when the release has no build log.</summary>
    public async Task<string?> ReadAsync(string app, int release, CancellationToken cancellationToken, int? maxChars = null)
    {
        var path = data.BuildLog(app, release);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        // Four bytes a character at most: seeking there leaves at least maxChars characters to read.
        if (maxChars is int max && stream.Length > max * 4L)
        {
            stream.Seek(-max * 4L, SeekOrigin.End);
        }

        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return maxChars is int limit && text.Length > limit ? text[^limit..] : text;
    }
}
