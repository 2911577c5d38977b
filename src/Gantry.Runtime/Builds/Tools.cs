using System.ComponentModel;
using System.Diagnostics;

namespace Gantry.Runtime.Builds;

/// <summary>Finds build tools (dotnet, node, npm) the way a shell would, and asks them short questions.</summary>
internal static class Tools
{
    /// <summary>What a short command (<c>go env GOVERSION</c>, <c>ldd FILE</c>) prints on stdout and stderr; null when it cannot start.</summary>
    public static string? Output(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var process = Process.Start(info)!;
            // Both pipes at once: a tool that fills one while we wait on the other would never finish.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The path with every link resolved (/usr/bin/java → /usr/lib/jvm/…/bin/java): runtimes find their files relative to where they really are.</summary>
    public static string RealPath(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

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
