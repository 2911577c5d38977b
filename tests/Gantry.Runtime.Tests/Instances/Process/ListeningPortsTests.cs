using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Tests.TestSupport;

namespace Gantry.Runtime.Tests.Instances.Process;

public sealed partial class ListeningPortsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<System.Diagnostics.Process> _started = [];

    public void Dispose()
    {
        foreach (var process in _started)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task OfProcessTree_FindsThePortOfAServerRunningUnderAShell_AndNotThoseOfOtherProcesses()
    {
        // A listener of our own, outside the tree: it is in the same /proc/net/tcp, and must not be counted.
        using var unrelated = new TcpListener(IPAddress.Loopback, 0);
        unrelated.Start();

        // "; true" keeps the shell from exec'ing python, so the server is the shell's child and our grandchild.
        var (shell, output) = Start("/bin/sh", "-c", $"{Python.Executable} -u -m http.server 0 --bind 127.0.0.1; true");
        await Poll.UntilAsync(() => output.Any(l => ServingLine().IsMatch(l)), "python to serve");
        var port = int.Parse(ServingLine().Match(output.First(l => ServingLine().IsMatch(l))).Groups[1].Value, CultureInfo.InvariantCulture);

        var ports = ListeningPorts.OfProcessTree(shell.Id);

        Assert.Equal([port], ports);
        Assert.DoesNotContain(((IPEndPoint)unrelated.LocalEndpoint).Port, ports);
    }

    [Fact]
    public async Task OfProcessTree_ListsEveryPortOnce_Ascending_WhenSeveralProcessesListen()
    {
        var listener = Python.WriteListener(_temp.Path, "0 0");
        var (shell, output) = Start("/bin/sh", "-c", $"{listener} & {listener} & wait");
        await Poll.UntilAsync(() => output.Count(l => l.StartsWith("listening ", StringComparison.Ordinal)) == 2, "both listeners to listen");
        var expected = output.Where(l => l.StartsWith("listening ", StringComparison.Ordinal)).SelectMany(Python.Ports).Order().ToList();

        var ports = ListeningPorts.OfProcessTree(shell.Id);

        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, ports);
    }

    [Fact]
    public void OfProcessTree_OfAProcessThatListensOnNothing_IsEmpty()
    {
        var (sleeper, _) = Start("/bin/sleep", "60");

        Assert.Empty(ListeningPorts.OfProcessTree(sleeper.Id));
    }

    [Fact]
    public async Task OfProcessTree_OfAProcessThatIsGone_IsEmpty()
    {
        using var exited = System.Diagnostics.Process.Start("/bin/true")!;
        await exited.WaitForExitAsync();

        Assert.Empty(ListeningPorts.OfProcessTree(exited.Id));
    }

    private (System.Diagnostics.Process Process, ConcurrentQueue<string> Output) Start(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var process = System.Diagnostics.Process.Start(info)!;
        _started.Add(process);
        process.OutputDataReceived += (_, e) => Enqueue(output, e.Data);
        process.ErrorDataReceived += (_, e) => Enqueue(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static void Enqueue(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    [GeneratedRegex(@"^Serving HTTP on 127\.0\.0\.1 port (\d+)")]
    private static partial Regex ServingLine();
}
