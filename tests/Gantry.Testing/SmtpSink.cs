using System.Diagnostics;

namespace Gantry.Testing;

/// <summary>
/// A real SMTP server on 127.0.0.1 (Debian's aiosmtpd) that accepts every message and prints it; the messages are read
/// back from its output.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly ReservedPort _port;
    private readonly WatchedProcess _process;

    private SmtpSink(ReservedPort port, WatchedProcess process) => (_port, _process) = (port, process);

    public int Port => _port.Number;

    /// <summary>Every message received so far, headers and body as printed.</summary>
    public IReadOnlyList<string> Messages =>
        [.. _process.Output.Split("---------- MESSAGE FOLLOWS ----------").Skip(1).Select(m => m.Split("------------ END MESSAGE ------------")[0].Trim())];

    public static async Task<SmtpSink> StartAsync()
    {
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"))
        {
            throw new InvalidOperationException("aiosmtpd is missing: apt-get install python3-aiosmtpd (test.sh installs it)");
        }

        var port = ReservedPort.Take();
        // -u: unbuffered, so each message is in the output as soon as it is accepted.
        var process = WatchedProcess.Start(new ProcessStartInfo(Python, ["-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port.Number}"]));
        var sink = new SmtpSink(port, process);
        await Eventually.UntilAsync(async () => await LoopbackPort.AcceptsAsync(sink.Port) || process.HasExited, TimeSpan.FromSeconds(20), "aiosmtpd to listen");
        if (process.HasExited)
        {
            await sink.DisposeAsync();
            throw new InvalidOperationException("aiosmtpd exited:\n" + process.Output);
        }

        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _port.Dispose();
    }
}
