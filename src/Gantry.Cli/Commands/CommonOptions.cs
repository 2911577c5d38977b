using System.CommandLine;

namespace Gantry.Cli.Commands;

/// <summary>Options every command understands.</summary>
public static class CommonOptions
{
    public static Option<string?> Server { get; } = new("--server")
    {
        Description = "Gantry's admin API URL (default: GANTRY_SERVER, else http://127.0.0.1:7070)",
        Recursive = true,
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of tables",
        Recursive = true,
    };
}
