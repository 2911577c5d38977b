namespace Gantry.Runtime.Instances.Process;

/// <summary>Finds the file to execute the way a shell would, so a missing program is a clear start error rather than a crash.</summary>
internal static class ExecutableResolver
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The full path of <paramref name="fileName"/>: relative to <paramref name="workingDirectory"/> when it has a slash, else searched on <paramref name="searchPath"/>.</summary>
    public static string Resolve(string fileName, string workingDirectory, string? searchPath)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new InstanceStartException("no command to run: the launch command is empty");
        }

        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(fileName, workingDirectory);
            if (!File.Exists(full))
            {
                throw new InstanceStartException($"executable '{fileName}' not found (looked for {full})");
            }

            return IsExecutable(full) ? full : throw new InstanceStartException($"'{full}' is not executable (chmod +x it)");
        }

        foreach (var directory in (searchPath ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(Path.GetFullPath(directory, workingDirectory), fileName);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new InstanceStartException($"executable '{fileName}' not found on PATH ({searchPath})");
    }

    private static bool IsExecutable(string path) => OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;
}
