using System.Collections;

namespace Gantry.Runtime.Instances.Process;

/// <summary>The environment a child process starts from: Gantry's own, minus what belongs to Gantry or its build host.</summary>
internal static class ChildEnvironment
{
    // `dotnet test`/MSBuild set these for their own child processes; inherited, they make a child `dotnet publish` or app misbehave.
    // Gantry's own listening and GANTRY_* settings (which may hold secrets) are not the app's either, nor the socket
    // engine tuning ./gantry gives the gateway: inline completions on one thread hang an app whose client library
    // blocks on a socket callback (StackExchange.Redis never answered a PING under it).
    private static readonly string[] DroppedPrefixes = ["MSBUILD", "_MSBUILD", "VSTEST", "GANTRY_", "DOTNET_SYSTEM_NET_SOCKETS_"];

    private static readonly HashSet<string> DroppedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "DOTNET_HOST_PATH",
        "DOTNET_CLI_TELEMETRY_SESSIONID",
        "DOTNET_ROOT_X64",
        "ASPNETCORE_URLS",
        "ASPNETCORE_HTTP_PORTS",
        "ASPNETCORE_HTTPS_PORTS",
        "DOTNET_URLS",
        "PORT",
        "HOST",
    };

    /// <summary>The current process's variables, filtered.</summary>
    public static Dictionary<string, string> Inherited() => Filter(Environment.GetEnvironmentVariables());

    /// <summary>The given variables without Gantry's and its build host's.</summary>
    public static Dictionary<string, string> Filter(IDictionary variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in variables)
        {
            var name = (string)entry.Key;
            if (!IsDropped(name) && entry.Value is string value)
            {
                result[name] = value;
            }
        }

        return result;
    }

    public static bool IsDropped(string name) =>
        DroppedNames.Contains(name) || DroppedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
