using Gantry.Gateway.Config;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gantry.Gateway.Host;

/// <summary>
/// A restart that refuses no connection, as nginx upgrades its binary: on SIGUSR2 a successor is started with this
/// gateway's listening sockets (<c>--inherited-fds</c>), so it accepts from the same kernel sockets and accept queues.
/// Once it is ready this gateway stops accepting and drains; a successor that exits or is not ready in time is killed
/// and this gateway serves on.
/// </summary>
internal sealed partial class GatewayHandover(
    SuccessorCommand command, IReadOnlyList<string> args, string stateDirectory, InheritedListeners descriptors, IPAddress healthAddress,
    Func<bool> ready, Action drain, ILogger logger) : IDisposable
{
    private const PosixSignal Restart = (PosixSignal)12; // SIGUSR2: PosixSignal names only the portable signals
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private PosixSignalRegistration? _signal;
    private int _underway;

    /// <summary>Takes SIGUSR2 from now on, instead of its default action (terminating the process).</summary>
    public void Listen() => _signal = PosixSignalRegistration.Create(Restart, OnSignal);

    public void Dispose() => _signal?.Dispose();

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Exchange(ref _underway, 1) == 1)
        {
            LogAlreadyUnderway(logger);
            return;
        }

        _ = Task.Run(HandOverAsync);
    }

    private async Task HandOverAsync()
    {
        try
        {
            if (await TryHandOverAsync())
            {
                drain();
                return;
            }
        }
        catch (Exception e)
        {
            LogFailed(logger, e.Message);
        }

        Volatile.Write(ref _underway, 0);
    }

    private async Task<bool> TryHandOverAsync()
    {
        var (successorArgs, problem) = NextArguments();
        if (successorArgs is null)
        {
            LogFailed(logger, problem!);
            return false;
        }

        List<string> withSockets = [.. successorArgs, GatewayCommandLine.InheritedDescriptors, descriptors.ToString()];
        using var successor = Start(withSockets);
        LogStarted(logger, successor.Id, withSockets);
        var notReady = await WaitUntilReadyAsync(successor);
        if (notReady is null)
        {
            // .NET disconnects a socket it closes while another thread is in an accept() on it, unless close-on-exec
            // is off ("may be shared with other processes"): off, the drain can never take the successor's sockets down.
            // This process starts nothing more.
            ForEachDescriptor(fd => Descriptors.SetCloseOnExec(fd, closeOnExec: false));
            LogHandedOver(logger, successor.Id);
            return true;
        }

        if (!successor.HasExited)
        {
            successor.Kill(entireProcessTree: true);
            await successor.WaitForExitAsync();
        }

        // It may have written its ports before failing: whoever reads the file must find the gateway that serves.
        if (ReadPorts() is { } written && written.Pid != Environment.ProcessId)
        {
            (written with { Pid = Environment.ProcessId }).Write(stateDirectory);
        }

        LogSuccessorFailed(logger, successor.Id, notReady);
        return false;
    }

    /// <summary>The arguments in next-args.json (the file is used once), else this gateway's own; never with --inherited-fds.</summary>
    private (List<string>? Args, string? Problem) NextArguments()
    {
        var path = Path.Combine(stateDirectory, GatewayCommandLine.NextArgumentsFile);
        if (!File.Exists(path))
        {
            return (GatewayCommandLine.WithoutInheritedDescriptors(args), null);
        }

        try
        {
            var given = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path));
            return given is null || given.Any(a => a is null)
                ? (null, $"{path}: not a JSON array of strings")
                : (GatewayCommandLine.WithoutInheritedDescriptors(given), null);
        }
        catch (JsonException e)
        {
            return (null, $"{path}: not a JSON array of strings ({e.Message})");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The successor, with this process's standard output and error (its log lines land where these did).</summary>
    private Process Start(IEnumerable<string> successorArgs)
    {
        var info = new ProcessStartInfo(command.FileName) { UseShellExecute = false };
        foreach (var arg in command.LeadingArguments.Concat(successorArgs))
        {
            info.ArgumentList.Add(arg);
        }

        // Inheritable for exactly as long as it takes to start the successor.
        ForEachDescriptor(fd => Descriptors.SetCloseOnExec(fd, closeOnExec: false));
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{command.FileName} did not start");
        }
        finally
        {
            ForEachDescriptor(fd => Descriptors.SetCloseOnExec(fd, closeOnExec: true));
        }
    }

    /// <summary>Null once the successor wrote its ports and answers on the health port; else why not.</summary>
    private async Task<string?> WaitUntilReadyAsync(Process successor)
    {
        // A gateway with no snapshot hands over to one with none: live is all it can be.
        var path = ready() ? "/healthz/ready" : "/healthz/live";
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (successor.HasExited)
            {
                return $"exited with code {successor.ExitCode}";
            }

            // This gateway accepts on the same health socket until it drains: only the successor's own answer counts.
            if (ReadPorts() is { } ports && ports.Pid == successor.Id
                && await GatewayHealthProbe.AnswersAsync(http, new Uri($"http://{new IPEndPoint(healthAddress, ports.Health)}{path}"), successor.Id))
            {
                return null;
            }

            if (waited.Elapsed > ReadyDeadline)
            {
                return $"did not answer {path} within {ReadyDeadline.TotalSeconds:0} s";
            }

            await Task.Delay(PollInterval);
        }
    }

    private GatewayPorts? ReadPorts() => GatewayPorts.Read(stateDirectory);

    private void ForEachDescriptor(Action<int> action)
    {
        action(descriptors.Listen);
        if (descriptors.Https is { } https)
        {
            action(https);
        }

        action(descriptors.Health);
    }

    [LoggerMessage(EventId = 1800, Level = LogLevel.Information, Message = "Restarting: successor {Pid} started with {Args}")]
    private static partial void LogStarted(ILogger logger, int pid, IEnumerable<string> args);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Handed over to successor {Pid}: no longer accepting, draining, then exiting")]
    private static partial void LogHandedOver(ILogger logger, int pid);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Error, Message = "Restart abandoned: successor {Pid} {Reason}; it is stopped and this gateway serves on")]
    private static partial void LogSuccessorFailed(ILogger logger, int pid, string reason);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Error, Message = "Restart abandoned: {Reason}; this gateway serves on")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Warning, Message = "SIGUSR2 ignored: a restart is already under way")]
    private static partial void LogAlreadyUnderway(ILogger logger);
}
