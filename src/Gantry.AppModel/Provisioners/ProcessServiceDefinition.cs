using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners;

/// <summary>How the server runs on the process runtime: the machine's own binaries.</summary>
/// <param name="Binaries">Folders (globs allowed, the newest match first) that hold the server's programs; put first on PATH.</param>
/// <param name="Package">The Debian package that provides them, named in the error when they are missing.</param>
/// <param name="User">The user the server runs as when Gantry runs as root (it owns the data folder).</param>
/// <param name="Init">Run once, on an empty data folder.</param>
public sealed record ProcessServiceDefinition(
    ImmutableArray<string> Binaries,
    string Package,
    string? User,
    ImmutableArray<StepDefinition> Init,
    ImmutableArray<string> Run,
    ImmutableDictionary<string, string> Environment)
{
    /// <summary>The signal that stops the server promptly (PostgreSQL: SIGINT, its fast shutdown; SIGTERM would wait for every client).</summary>
    public int StopSignal { get; init; } = 15;
}
