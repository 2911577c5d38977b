using System.Collections.Immutable;

namespace Gantry.Provisioners.Steps;

/// <summary>
/// One command to run on this machine, rendered (no templates left): an init, provision, backup or readiness step.
/// Secrets travel in <see cref="Environment"/> and <see cref="Stdin"/> only, which are never logged.
/// </summary>
/// <param name="Command">The program (searched on PATH, <see cref="PathFolders"/> first) and its arguments.</param>
/// <param name="Environment">Added to the environment Gantry passes on (its own, minus Gantry's settings).</param>
/// <param name="Stdin">Written to the command's input, which is then closed; null gives it an empty input.</param>
/// <param name="User">Run as this user when Gantry runs as root; ignored otherwise.</param>
/// <param name="Timeout">After this, the command and everything it started are killed.</param>
/// <param name="PathFolders">Put first on PATH (a server's binaries: <c>/usr/lib/postgresql/15/bin</c>).</param>
public sealed record CommandPlan(
    ImmutableArray<string> Command,
    ImmutableDictionary<string, string> Environment,
    string? Stdin,
    string? User,
    TimeSpan Timeout,
    ImmutableArray<string> PathFolders)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The Debian package that provides the program, named in the error when it is missing.</summary>
    public string? Package { get; init; }

    /// <summary>Values masked (<c>***</c>) in what is reported of the command's output: a password may come back in an error.</summary>
    public ImmutableArray<string> Secrets { get; init; } = [];

    /// <summary>The folder the command runs in; by default the user's home, else <c>/</c> (a folder every user may enter).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Run inside this container (the engine's exec) instead of on this machine; <see cref="PathFolders"/> do not apply there.</summary>
    public string? Container { get; init; }

    /// <summary>The program's name, for messages.</summary>
    public string Program => Command.IsDefaultOrEmpty ? "(no command)" : Path.GetFileName(Command[0]);

    /// <summary>A command with no environment, input, user or extra PATH, and the default timeout.</summary>
    public static CommandPlan Of(params string[] command) =>
        new([.. command], ImmutableDictionary<string, string>.Empty, null, null, DefaultTimeout, []);
}
