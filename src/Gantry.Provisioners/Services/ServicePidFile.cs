using System.Globalization;
using Gantry.Provisioners.Unix;

namespace Gantry.Provisioners.Services;

/// <summary>
/// <c>RUN/server.pid</c>: "PID STARTTIME" of the running server. The run folder is the server user's, so the file is
/// written without following links, read only when it is a small regular file, and trusted only for a process of that
/// user with that start time.
/// </summary>
internal static class ServicePidFile
{
    public static void Write(string path, ServiceProcess process) =>
        OwnedFolders.WriteFile(path, string.Create(CultureInfo.InvariantCulture, $"{process.Pid} {process.StartTime}\n"));

    public static (int Pid, long StartTime)? TryRead(string path)
    {
        var parts = OwnedFolders.ReadSmallFile(path)?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts is { Length: 2 }
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && pid > 1
                ? (pid, start)
                : null;
    }

    /// <summary>Removes the file unless it names another process (started since by someone else).</summary>
    public static void Delete(string path, int? pid = null)
    {
        if (pid is not null && TryRead(path) is { } recorded && recorded.Pid != pid)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale file is harmless: start times tell it apart.
        }
    }
}
