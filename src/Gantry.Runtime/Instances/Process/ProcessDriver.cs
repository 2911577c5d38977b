using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Gantry.Runtime.Logs;
using OsProcess = System.Diagnostics.Process;

namespace Gantry.Runtime.Instances.Process;

/// <summary>Runs each instance as a local process in its own process group, listening on a free 127.0.0.1 port.</summary>
public sealed class ProcessDriver : IInstanceDriver
{
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private readonly string _stateDirectory;
    private readonly ILogger<ProcessDriver> _logger;
    private readonly ConcurrentDictionary<string, ProcessInstance> _running = new(StringComparer.Ordinal);

    public ProcessDriver(string stateDirectory, ILogger<ProcessDriver> logger)
    {
        _stateDirectory = Path.GetFullPath(stateDirectory);
        _logger = logger;
        Directory.CreateDirectory(_stateDirectory);
        if (Setsid is null)
        {
            ProcessDriverLog.NoSetsid(logger);
        }
    }

    public string Name => "process";

    public Task<IRunningInstance> StartAsync(InstanceSpec spec, InstanceLog log, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (spec.InstanceId is "" or "." or ".." || spec.InstanceId.IndexOfAny(['/', '\0']) >= 0)
        {
            throw new InstanceStartException($"'{spec.InstanceId}' is not a valid instance id");
        }

        var launch = spec.Launch;
        var workingDirectory = Path.GetFullPath(string.IsNullOrEmpty(launch.WorkingDirectory) ? "." : launch.WorkingDirectory);
        if (!Directory.Exists(workingDirectory))
        {
            throw new InstanceStartException($"working directory '{workingDirectory}' does not exist");
        }

        // Records built by hand may leave arrays default (null inside); treat them as empty.
        spec = spec with
        {
            ContainerPorts = spec.ContainerPorts.IsDefault ? [] : spec.ContainerPorts,
            Launch = launch with { Arguments = launch.Arguments.IsDefault ? [] : launch.Arguments },
        };
        var hostPorts = PortAllocator.Allocate(spec.ContainerPorts);
        var environment = BuildEnvironment(spec, hostPorts);
        var executable = ExecutableResolver.Resolve(launch.FileName, workingDirectory, environment.GetValueOrDefault("PATH"));

        var info = new ProcessStartInfo
        {
            FileName = Setsid ?? executable,
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Setsid is not null)
        {
            info.ArgumentList.Add(executable);
        }

        foreach (var argument in spec.Launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        OsProcess process;
        try
        {
            process = OsProcess.Start(info) ?? throw new InstanceStartException($"could not start '{launch.FileName}'");
        }
        catch (Win32Exception e)
        {
            throw new InstanceStartException($"could not start '{launch.FileName}': {e.Message}", e);
        }

        // Like /dev/null: the instance must never read Gantry's own input.
        process.StandardInput.Close();

        var pidFile = RecordPid(spec.InstanceId, process.Id);
        var instance = new ProcessInstance(
            process, spec, hostPorts.ToImmutableDictionary(), environment, log, ownsGroup: Setsid is not null, pidFile, _logger);
        _running[spec.InstanceId] = instance;
        _ = instance.Exited.ContinueWith(
            _ => _running.TryRemove(KeyValuePair.Create(spec.InstanceId, instance)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        ProcessDriverLog.Started(_logger, spec.InstanceId, process.Id, executable);
        return Task.FromResult<IRunningInstance>(instance);
    }

    /// <summary>Kills the process groups of instances an earlier Gantry recorded and that still run; returns how many. Call at startup.</summary>
    public async Task<int> ReapOrphansAsync(CancellationToken cancellationToken)
    {
        var killed = new List<int>();
        foreach (var file in Directory.EnumerateFiles(_stateDirectory, "*.pid"))
        {
            var instanceId = Path.GetFileNameWithoutExtension(file);
            if (_running.ContainsKey(instanceId))
            {
                continue;
            }

            if (PidFile.TryRead(file) is { } recorded && IsRecordedGroupAlive(recorded.Pid, recorded.StartTime))
            {
                Signals.KillGroup(recorded.Pid, Signals.SigKill);
                ProcessDriverLog.ReapedOrphan(_logger, recorded.Pid, instanceId);
                killed.Add(recorded.Pid);
            }

            PidFile.TryDelete(file);
        }

        // SIGKILL is asynchronous: return once the processes are really gone, so their ports are free again.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (killed.Any(pgid => ProcFs.GroupMembers(pgid).Count > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }

        return killed.Count;
    }

    private static bool IsRecordedGroupAlive(int pid, long startTime)
    {
        var actual = ProcFs.StartTime(pid);
        if (actual is not null)
        {
            return actual == startTime; // else the PID was reused by an unrelated process
        }

        // The leader is gone but members may live on; the kernel never reuses a PID as a group id while that group exists.
        return Signals.GroupExists(pid);
    }

    private string? RecordPid(string instanceId, int pid)
    {
        if (ProcFs.StartTime(pid) is not { } startTime)
        {
            return null; // exited already
        }

        var path = Path.Combine(_stateDirectory, instanceId + ".pid");
        PidFile.Write(path, pid, startTime);
        return path;
    }

    private static ImmutableDictionary<string, string> BuildEnvironment(InstanceSpec spec, Dictionary<int, int> hostPorts)
    {
        var environment = ChildEnvironment.Inherited();
        environment["HOST"] = "127.0.0.1";
        if (spec.ContainerPorts.Length > 0)
        {
            var first = hostPorts[spec.ContainerPorts[0]].ToString(CultureInfo.InvariantCulture);
            environment["PORT"] = first;
            environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{first}";
            foreach (var (containerPort, hostPort) in hostPorts)
            {
                environment[$"PORT_{containerPort}"] = hostPort.ToString(CultureInfo.InvariantCulture);
            }
        }

        foreach (var (name, value) in spec.Launch.Environment)
        {
            environment[name] = value;
        }

        foreach (var (name, value) in spec.Environment)
        {
            environment[name] = value;
        }

        return environment.ToImmutableDictionary(StringComparer.Ordinal);
    }
}
