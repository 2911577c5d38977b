using System.Collections.Immutable;
using Gantry.Provisioners.Steps;

namespace Gantry.Provisioners.Services;

/// <summary>
/// A platform server to run on this machine (one per type and class, <c>postgres-default</c>), rendered from its
/// definition: its folders, the command that runs it, the steps that initialize an empty data folder, and how to tell
/// that it is ready. Suggested layout: <c>DATA/services/NAME</c> (<see cref="Home"/>) holding <c>data</c> and <c>run</c>,
/// and the log in <c>DATA/logs/services/NAME.log</c>, a folder only Gantry writes to.
/// </summary>
/// <param name="Name">The service's name, in messages and logs.</param>
/// <param name="Home">The service's own folder; made the <paramref name="User"/>'s (0700) when Gantry runs as root.</param>
/// <param name="DataDirectory">Its data (<c>{{ service.data }}</c>); initialized once, then never deleted here.</param>
/// <param name="RunDirectory">Sockets and lock files (<c>{{ service.run }}</c>), and <c>server.pid</c>.</param>
/// <param name="LogFile">The server's output is appended here; Gantry opens it, so put it where the user cannot write.</param>
/// <param name="Run">The server's command, in the foreground (it must not daemonize).</param>
/// <param name="Environment">Added to the server's environment (may hold secrets: never logged).</param>
/// <param name="User">The server runs as this user when Gantry runs as root.</param>
/// <param name="PathFolders">The server's binaries, first on PATH for the server and (in their plans) its steps.</param>
/// <param name="Port">Its port on 127.0.0.1; the readiness check connects to it when <paramref name="Ready"/> is null.</param>
/// <param name="Init">Run in order on an empty data folder, once: a half-done init is redone from an empty folder.</param>
/// <param name="Ready">Succeeds (exit code 0) when the server takes requests; null: a TCP connection to the port is accepted.</param>
public sealed record ServicePlan(
    string Name,
    string Home,
    string DataDirectory,
    string RunDirectory,
    string LogFile,
    ImmutableArray<string> Run,
    ImmutableDictionary<string, string> Environment,
    string? User,
    ImmutableArray<string> PathFolders,
    int Port,
    ImmutableArray<CommandPlan> Init,
    CommandPlan? Ready)
{
    /// <summary>The Debian package with the server's binaries, named when they (or its user) are missing.</summary>
    public string? Package { get; init; }

    /// <summary>How long a start (or a restart, or an adopted server) may take to become ready.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running server's readiness is checked again (it only updates <see cref="ServiceStatus.Ready"/>).</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The signal that asks the server to stop (15, SIGTERM); PostgreSQL stops at once, without waiting for clients, on SIGINT (2).</summary>
    public int StopSignal { get; init; } = 15;

    /// <summary>Values masked in what is reported of the server's log.</summary>
    public ImmutableArray<string> Secrets { get; init; } = [];

    /// <summary>Holds "PID STARTTIME" of the running server, so a restarted Gantry adopts it.</summary>
    public string PidFile => Path.Combine(RunDirectory, "server.pid");
}
