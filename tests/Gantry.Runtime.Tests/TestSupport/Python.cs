namespace Gantry.Runtime.Tests.TestSupport;

/// <summary>A real python3 for apps that listen on ports, and a tiny listener written in it.</summary>
internal static class Python
{
    /// <summary>Debian's python3 when there is one: a pyenv shim on PATH may lack a version for the folder it runs in.</summary>
    public static string Executable { get; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Listens on 127.0.0.1 on each port its arguments name (0: any free one), prints <c>listening P1 P2 …</c>, then waits.</summary>
    public const string Listener = """
        import socket, sys, time
        sockets = []
        for port in sys.argv[1:]:
            s = socket.socket()
            s.bind(('127.0.0.1', int(port)))
            s.listen()
            sockets.append(s)
        # One write, so that the lines of listeners sharing an output never interleave.
        sys.stdout.write('listening ' + ' '.join(str(s.getsockname()[1]) for s in sockets) + '\n')
        sys.stdout.flush()
        time.sleep(600)
        """;

    /// <summary>Writes <see cref="Listener"/> to <c>listen.py</c> in <paramref name="directory"/>; returns the shell command that runs it with <paramref name="ports"/>.</summary>
    public static string WriteListener(string directory, string ports)
    {
        File.WriteAllText(Path.Combine(directory, "listen.py"), Listener);
        return $"{Executable} {Path.Combine(directory, "listen.py")} {ports}";
    }

    /// <summary>The ports a listener printed in <c>listening P1 P2 …</c>.</summary>
    public static int[] Ports(string line) =>
        [.. line["listening ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];
}
