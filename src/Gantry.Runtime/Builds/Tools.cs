namespace Gantry.Runtime.Builds;

/// <summary>Finds build tools (dotnet, node, npm) the way a shell would.</summary>
internal static class Tools
{
    public static string? OnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The dotnet on PATH, else the one in DOTNET_ROOT or the Debian/Microsoft package's folder.</summary>
    public static string? Dotnet() =>
        OnPath("dotnet")
        ?? new[] { Environment.GetEnvironmentVariable("DOTNET_ROOT"), "/usr/share/dotnet", "/usr/lib/dotnet" }
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => Path.Combine(d!, "dotnet"))
            .FirstOrDefault(File.Exists);
}
