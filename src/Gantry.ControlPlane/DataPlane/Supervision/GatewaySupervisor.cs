using System.Diagnostics;
using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Runtime.Instances.Process;
using Microsoft.AspNetCore.Connections;

namespace Gantry.ControlPlane.DataPlane.Supervision;

/// <summary>
/// Runs <c>gantry up</c>'s gantry-gateway: starts it in a session of its own (Ctrl-C reaches the control plane only,
/// which stops the apps first and the gateway last), or adopts the one a killed control plane left serving; starts it
/// again within a second when it dies; restarts it without refusing a connection; stops it last.
/// </summary>
/// <param name="loggers">Where it logs; owned (disposed with it), since it outlives the hosts it was started before.</param>
public sealed partial class GatewaySupervisor(GatewayProcessSettings settings, ILoggerFactory loggers) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(35);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    // New connections each time: during a hand-over a kept one would stay with whichever process accepted it.
    private static readonly HttpClient HealthClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    private readonly SemaphoreSlim _changing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private IReadOnlyList<string> _arguments = settings.Arguments;
    private readonly ILogger _logger = loggers.CreateLogger<GatewaySupervisor>();
    private Task _watch = Task.CompletedTask;

    /// <summary>The gateway serving now (as of the last look).</summary>
    public GatewayPorts? Current { get; private set; }

    /// <summary>Adopts the gateway a previous control plane left serving the ports asked for, else starts one; its ports.</summary>
    public async Task<GatewayPorts> StartAsync(CancellationToken ct)
    {
        if (Live() is { } left)
        {
            if (Fits(left) && await AdoptAsync(left, ct) is { } adopted)
            {
                Current = adopted;
                LogAdopted(_logger, adopted.Pid, adopted.Http);
                return adopted;
            }

            if (Live() is { } misfit)
            {
                LogStoppingMisfit(_logger, misfit.Pid, misfit.Http);
                await StopProcessAsync(misfit.Pid);
            }
        }

        Current = await SpawnAsync(ct);
        _arguments = WithBoundPorts(_arguments, Current);
        return Current;
    }

    /// <summary>Keeps the gateway as it runs, or restarts it with this control plane's arguments; null when that failed.</summary>
    private async Task<GatewayPorts?> AdoptAsync(GatewayPorts left, CancellationToken ct)
    {
        _arguments = WithBoundPorts(_arguments, left);
        if (GatewayProcessInfo.ArgumentsOf(left.Pid).SequenceEqual(_arguments))
        {
            return left;
        }

        try
        {
            return await HandOverAsync(left, ct);
        }
        catch (InvalidOperationException e)
        {
            LogRestartFailed(_logger, e.Message, 0);
            return null;
        }
    }

    /// <summary>From now on, a gateway that dies is started again.</summary>
    public void Watch() => _watch = Task.Run(() => WatchAsync(_stopping.Token));

    /// <summary>Restarts the gateway without refusing a connection (it hands its sockets to its successor); the new one's ports.</summary>
    public async Task<GatewayPorts> RestartAsync(CancellationToken ct)
    {
        await _changing.WaitAsync(ct);
        try
        {
            var live = Live() ?? throw new InvalidOperationException("the gateway process is not running (it is being started again)");
            Current = await HandOverAsync(live, ct);
            return Current;
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>Stops the gateway: SIGTERM (it drains), SIGKILL after <see cref="StopTimeout"/>.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _watch;
        await _changing.WaitAsync();
        try
        {
            if (Live() is { } live)
            {
                await StopProcessAsync(live.Pid);
            }
        }
        finally
        {
            _changing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        loggers.Dispose();
    }

    /// <summary>The gateway that serves now, per its ports file; null when none lives.</summary>
    private GatewayPorts? Live() =>
        GatewayPorts.Read(settings.StateDirectory) is { } ports && GatewayProcessInfo.IsGateway(ports.Pid, settings.StateDirectory) ? ports : null;

    /// <summary>A gateway serves the ports asked for when each asked port is its port or 0, and HTTPS is on or off alike.</summary>
    private bool Fits(GatewayPorts ports)
    {
        var listen = Endpoint("--listen");
        var https = Endpoint("--https");
        return listen is not null && (listen.Port == 0 || listen.Port == ports.Http)
            && (https is null ? ports.Https is null : ports.Https is { } bound && (https.Port == 0 || https.Port == bound));
    }

    private System.Net.IPEndPoint? Endpoint(string option) =>
        _arguments.ToList().IndexOf(option) is var i and >= 0 && System.Net.IPEndPoint.TryParse(_arguments[i + 1], out var endpoint) ? endpoint : null;

    /// <summary>The arguments with ports asked as 0 replaced by the bound ones: a gateway started again takes the same ports.</summary>
    private static List<string> WithBoundPorts(IReadOnlyList<string> args, GatewayPorts ports)
    {
        var result = args.ToList();
        Replace("--listen", ports.Http);
        if (ports.Https is { } https)
        {
            Replace("--https", https);
        }

        return result;

        void Replace(string option, int port)
        {
            if (result.IndexOf(option) is var i and >= 0 && System.Net.IPEndPoint.TryParse(result[i + 1], out var endpoint))
            {
                endpoint.Port = port;
                result[i + 1] = endpoint.ToString();
            }
        }
    }

    private async Task<GatewayPorts> SpawnAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(settings.StateDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(settings.LogFile)!);

        // One pid all along: sh execs setsid (not a group leader, so it does not fork), which execs the gateway. Its
        // output is appended, so a restart's successor writing to the same file loses no line of the one before.
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = false };
        GatewayRuntimeSettings.ApplyTo(start.Environment);
        foreach (var arg in (string[])["-c", "exec \"$@\" >>\"$0\" 2>&1 </dev/null", settings.LogFile, "setsid", settings.Executable, .. _arguments])
        {
            start.ArgumentList.Add(arg);
        }

        var logLength = File.Exists(settings.LogFile) ? new FileInfo(settings.LogFile).Length : 0;
        using var process = Process.Start(start) ?? throw new IOException($"cannot start {settings.Executable}");
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        while (true)
        {
            if (GatewayPorts.Read(settings.StateDirectory) is { } ports && ports.Pid == process.Id)
            {
                LogStarted(_logger, process.Id, ports.Http);
                return ports;
            }

            if (process.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                throw StartFailure(process.HasExited ? process.ExitCode : null, NewLogLines(logLength));
            }

            await Task.Delay(25, ct);
        }
    }

    private static IOException StartFailure(int? exitCode, string output)
    {
        var said = output.Trim().Split('\n').LastOrDefault(l => l.Contains("gantry-gateway:", StringComparison.Ordinal)) ?? output.Trim();
        var message = exitCode is { } code
            ? $"the gateway process exited with code {code}: {said}"
            : $"the gateway process did not listen within {StartTimeout.TotalSeconds:0}s: {said}";
        return said.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
            ? new IOException(message, new AddressInUseException(said))
            : new IOException(message);
    }

    private string NewLogLines(long from)
    {
        try
        {
            using var log = new FileStream(settings.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            log.Seek(Math.Min(from, log.Length), SeekOrigin.Begin);
            return new StreamReader(log).ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Restarts a gateway by SIGUSR2 with our arguments for its successor; returns the successor's ports.</summary>
    private async Task<GatewayPorts> HandOverAsync(GatewayPorts old, CancellationToken ct)
    {
        var file = settings.NextArgumentsFile;
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(_arguments));
        File.Move(file + ".tmp", file, overwrite: true);
        if (!Signals.KillProcess(old.Pid, Signals.SigUsr2))
        {
            throw new InvalidOperationException($"the gateway process {old.Pid} is gone");
        }

        // The successor writes ports.json once it listens, then gets ready; until its own 200 the old one may still take
        // it back (it writes its pid again when the successor fails).
        var deadline = DateTimeOffset.UtcNow + RestartTimeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (GatewayPorts.Read(settings.StateDirectory) is { } ports && ports.Pid != old.Pid && GatewayProcessInfo.IsGateway(ports.Pid, settings.StateDirectory)
                && await GatewayHealthProbe.AnswersAsync(HealthClient, new Uri($"http://127.0.0.1:{ports.Health}/healthz/ready"), ports.Pid, ct))
            {
                LogRestarted(_logger, old.Pid, ports.Pid);
                return ports;
            }

            if (!GatewayProcessInfo.IsAlive(old.Pid) && Live() is null)
            {
                throw new InvalidOperationException($"the gateway process {old.Pid} exited during its restart; see {settings.LogFile}");
            }

            await Task.Delay(25, ct);
        }

        throw new InvalidOperationException($"the gateway's successor did not serve within {RestartTimeout.TotalSeconds:0}s; the gateway {old.Pid} serves on (see {settings.LogFile})");
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(WatchInterval, ct);
                await _changing.WaitAsync(ct);
                try
                {
                    Current = Live() ?? await RespawnAsync(ct);
                }
                finally
                {
                    _changing.Release();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                LogRestartFailed(_logger, e.Message, RetryInterval.TotalSeconds);
                await Task.Delay(RetryInterval, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<GatewayPorts> RespawnAsync(CancellationToken ct)
    {
        LogDied(_logger, Current?.Pid);
        return await SpawnAsync(ct);
    }

    private static async Task StopProcessAsync(int pid)
    {
        Signals.KillProcess(pid, Signals.SigTerm);
        var deadline = DateTimeOffset.UtcNow + StopTimeout;
        while (GatewayProcessInfo.IsAlive(pid))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                Signals.KillProcess(pid, Signals.SigKill);
                deadline = DateTimeOffset.MaxValue;
            }

            await Task.Delay(25);
        }
    }

    [LoggerMessage(EventId = 330, Level = LogLevel.Information, Message = "Gateway process {Pid} serves app traffic on port {Port}")]
    private static partial void LogStarted(ILogger logger, int pid, int port);

    [LoggerMessage(EventId = 331, Level = LogLevel.Information, Message = "Adopted the gateway process {Pid} that kept serving port {Port}")]
    private static partial void LogAdopted(ILogger logger, int pid, int port);

    [LoggerMessage(EventId = 332, Level = LogLevel.Warning, Message = "Stopping the gateway process {Pid} left on port {Port}: other ports are asked for")]
    private static partial void LogStoppingMisfit(ILogger logger, int pid, int port);

    [LoggerMessage(EventId = 333, Level = LogLevel.Information, Message = "Gateway restarted without refusing connections: {Old} handed over to {New}")]
    private static partial void LogRestarted(ILogger logger, int old, int @new);

    [LoggerMessage(EventId = 334, Level = LogLevel.Warning, Message = "The gateway process {Pid} is gone; starting it again")]
    private static partial void LogDied(ILogger logger, int? pid);

    [LoggerMessage(EventId = 335, Level = LogLevel.Error, Message = "Cannot start the gateway process ({Reason}); trying again in {Seconds}s")]
    private static partial void LogRestartFailed(ILogger logger, string reason, double seconds);
}
