using System.Collections.Immutable;
using System.Diagnostics;
using Gantry.Provisioners.Unix;
using Gantry.Runtime.Instances.Process;

namespace Gantry.Provisioners.Steps;

/// <summary>
/// How a command is started: the program found on PATH, the environment, and the wrappers around it. <c>setsid</c> gives
/// it a session and process group of its own (so a timeout kills all it started, it never reads a terminal, and a
/// Ctrl-C aimed at Gantry does not reach a server). As root with a user, <c>setpriv</c> switches to that user.
/// </summary>
/// <remarks>
/// setpriv rather than runuser (both util-linux): setpriv sets the ids and execs, so the process Gantry records and
/// signals is the command itself; runuser forks and waits under a PAM session (one journal entry per step), and a
/// signal to its process is not the server's. Neither resets the environment here: it is built below.
/// </remarks>
/// <param name="User">The user it runs as, for logs; null when it runs as Gantry's own user.</param>
internal sealed record ChildLaunch(string FileName, ImmutableArray<string> Arguments, ImmutableDictionary<string, string> Environment, string WorkingDirectory, string? User)
{
    private const string PipedInput = "cat | exec \"$@\"";
    private const string AppendToLog = "exec \"$@\" >>\"$0\" 2>&1 </dev/null";

    /// <summary>The program's name, for logs.</summary>
    public string Program { get; init; } = Path.GetFileName(FileName);

    /// <summary>A step: in its own session, as its user. A piped input reaches it through a pipe the user made, so <c>--pwfile=/dev/stdin</c> can open it.</summary>
    public static ChildLaunch ForStep(CommandPlan plan, bool hasInput)
    {
        var (executable, environment, user) = Resolve(plan.Command, plan.User, plan.PathFolders, plan.Environment, plan.Package);
        List<string> chain = [Tool("setsid"), .. SwitchUser(user)];
        if (user is not null && hasInput)
        {
            // The pipe .NET makes belongs to root, and /dev/stdin reopens it: a user's process may not.
            chain.AddRange(["/bin/sh", "-c", PipedInput, "sh"]);
        }

        chain.Add(executable);
        chain.AddRange(plan.Command.Skip(1));
        return new ChildLaunch(chain[0], [.. chain.Skip(1)], environment, WorkingDirectoryFor(plan.WorkingDirectory, user), user?.Name);
    }

    /// <summary>A server: its output appended to <paramref name="logFile"/> (opened by Gantry, in a folder of Gantry's), detached from Gantry.</summary>
    public static ChildLaunch ForServer(
        ImmutableArray<string> command, string? user, ImmutableArray<string> pathFolders, ImmutableDictionary<string, string> environment, string? package, string logFile)
    {
        var (executable, resolvedEnvironment, resolvedUser) = Resolve(command, user, pathFolders, environment, package);

        // sh execs setsid, which execs setpriv, which execs the server: one PID from start to end, the one recorded.
        List<string> arguments = ["-c", AppendToLog, logFile, Tool("setsid"), .. SwitchUser(resolvedUser), executable, .. command.Skip(1)];
        return new ChildLaunch("/bin/sh", [.. arguments], resolvedEnvironment, WorkingDirectoryFor(null, resolvedUser), resolvedUser?.Name)
        {
            Program = Path.GetFileName(executable),
        };
    }

    /// <summary>The user a plan runs as: only when Gantry is root (it cannot switch otherwise) and the user is someone else.</summary>
    public static UnixUser? EffectiveUser(string? name, string? package)
    {
        if (!UnixUser.IsRoot || string.IsNullOrEmpty(name) || name == "root")
        {
            return null;
        }

        return UnixUser.Find(name) ?? throw new StepFailedException(
            $"user '{name}' does not exist" + (package is null ? "" : $"; install {package}, which creates it"));
    }

    public ProcessStartInfo ToStartInfo()
    {
        var info = new ProcessStartInfo(FileName) { WorkingDirectory = WorkingDirectory, UseShellExecute = false };
        foreach (var argument in Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static (string Executable, ImmutableDictionary<string, string> Environment, UnixUser? User) Resolve(
        ImmutableArray<string> command, string? userName, ImmutableArray<string> pathFolders, ImmutableDictionary<string, string>? extra, string? package)
    {
        if (command.IsDefaultOrEmpty || string.IsNullOrWhiteSpace(command[0]))
        {
            throw new StepFailedException("no command to run: the command is empty");
        }

        var user = EffectiveUser(userName, package);
        var environment = ChildEnvironment.Inherited();
        var folders = pathFolders.IsDefault ? [] : pathFolders;
        environment["PATH"] = string.Join(':', [.. folders, .. (environment.GetValueOrDefault("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)]);
        if (user is not null)
        {
            // Tools read HOME (psql's history and .pgpass): the user's own, not root's, which it may not read.
            environment["HOME"] = user.Home;
            environment["USER"] = user.Name;
            environment["LOGNAME"] = user.Name;
        }

        foreach (var (name, value) in extra ?? ImmutableDictionary<string, string>.Empty)
        {
            environment[name] = value;
        }

        var path = environment.GetValueOrDefault("PATH") ?? "";
        return (FindProgram(command[0], path, package), environment.ToImmutableDictionary(StringComparer.Ordinal), user);
    }

    private static string FindProgram(string program, string path, string? package)
    {
        var install = package is null ? "" : $"; install {package}";
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) && IsExecutable(program) ? Path.GetFullPath(program) : throw new StepFailedException($"{program}: not found or not executable{install}");
        }

        foreach (var folder in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new StepFailedException($"{program}: not found on PATH ({path}){install}");
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static IEnumerable<string> SwitchUser(UnixUser? user) =>
        user is null
            ? []
            : [Tool("setpriv"), $"--reuid={user.Uid}", $"--regid={user.Gid}", "--init-groups", "--"];

    private static string Tool(string name) =>
        new[] { "/usr/bin/" + name, "/bin/" + name }.FirstOrDefault(File.Exists)
        ?? throw new StepFailedException($"{name}: not found in /usr/bin or /bin; install util-linux");

    private static string WorkingDirectoryFor(string? requested, UnixUser? user) =>
        requested ?? (user is not null && Directory.Exists(user.Home) ? user.Home : "/");
}
