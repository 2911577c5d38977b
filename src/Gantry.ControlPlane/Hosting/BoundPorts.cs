using System.Text.Json;

namespace Gantry.ControlPlane.Hosting;

/// <summary>
/// The ports a running Gantry actually listens on (any of them may have been asked as 0: any free port), written to
/// <c>DATA/ports.json</c> so scripts, tests and the CLI find the server without guessing.
/// </summary>
/// <param name="Pid">The process that listens; a file left by a process that is gone describes nothing.</param>
/// <param name="Https">The HTTPS port; null when HTTPS is off.</param>
/// <param name="Admin">The admin API's port; null for a gateway on its own (<c>gantry gateway</c>).</param>
public sealed record BoundPorts(int Pid, int Http, int? Https, int? Admin, string? AdminUrl)
{
    public const string FileName = "ports.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the file atomically (a temporary file renamed over the old one), so a reader never sees half of it.</summary>
    public void Write(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        var temporary = path + ".tmp";
        DataDirectory.WriteOwnerOnly(temporary, JsonSerializer.Serialize(this, Json) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The ports of the Gantry that runs now with this data folder; null when none does or the file is unreadable.</summary>
    public static BoundPorts? ReadLive(string dataDirectory)
    {
        try
        {
            var ports = JsonSerializer.Deserialize<BoundPorts>(File.ReadAllText(Path.Combine(dataDirectory, FileName)), Json);
            return ports is not null && IsRunning(ports.Pid) ? ports : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Removes the file when it is this process's, so a stopped Gantry leaves no stale ports behind.</summary>
    public static void Remove(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            if (JsonSerializer.Deserialize<BoundPorts>(File.ReadAllText(path), Json)?.Pid == Environment.ProcessId)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // Nothing to remove, or not ours to remove.
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
