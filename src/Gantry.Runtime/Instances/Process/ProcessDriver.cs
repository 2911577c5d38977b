using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Gantry.Runtime.Logs;
using OsProcess = System.Diagnostics.Process;

namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// Runs each instance as a local process in its own process group, listening on a free 127.0.0.1 port. The processes
/// outlive a killed Gantry: each is recorded in <c>{state}/{instance}.json</c>, and the next Gantry adopts it.
/// </summary>
public sealed class ProcessDriver : IInstanceDriver
{
    private static readonly string? Setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    // $0 and $1 are the output files: the process appends to them itself, so nothing ties it to this Gantry (a pipe
    // would break, and kill the app on its next write, when Gantry is killed). sh execs setsid, which execs the app:
    // one PID from start to end, the one recorded.
    internal const string AppendOutput = "o=$0 e=$1; shift; exec \"$@\" >>\"$o\" 2>>\"$e\" </dev/null";

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

        var output = OutputFiles(spec.InstanceId);
        var info = new ProcessStartInfo { FileName = "/bin/sh", WorkingDirectory = workingDirectory, UseShellExecute = false };
        string[] wrapper = Setsid is null ? ["-c", AppendOutput, output.Stdout, output.Stderr] : ["-c", AppendOutput, output.Stdout, output.Stderr, Setsid];
        foreach (var argument in (string[])[.. wrapper, executable, .. spec.Launch.Arguments])
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

        var record = new InstanceRecord(
            process.Id, ProcFs.StartTime(process.Id) ?? 0, spec.InstanceId, spec.App, spec.Workload, spec.Release,
            hostPorts.ToImmutableDictionary(), output.Stdout, output.Stderr, 0, 0);
        var recordPath = InstanceRecord.PathOf(_stateDirectory, spec.InstanceId);
        if (record.StartTime != 0)
        {
            record.Write(recordPath); // else it exited already: nothing to find after a restart
        }

        var instance = Track(new ProcessInstance(record, recordPath, process, spec, environment, log, ownsGroup: Setsid is not null, _logger));
        ProcessDriverLog.Started(_logger, spec.InstanceId, process.Id, executable);
        return Task.FromResult<IRunningInstance>(instance);
    }

    /// <summary>Instances a killed Gantry left: those whose process still runs (<see cref="ExistingInstance.Running"/>) can be adopted.</summary>
    public Task<IReadOnlyList<ExistingInstance>> FindExistingAsync(CancellationToken cancellationToken)
    {
        var found = new List<ExistingInstance>();
        foreach (var (_, record) in Records())
        {
            if (!_running.ContainsKey(record.InstanceId))
            {
                found.Add(new ExistingInstance(
                    record.InstanceId, record.App, record.Workload, record.Release, record.Pid.ToString(CultureInfo.InvariantCulture), record.IsAlive));
            }
        }

        return Task.FromResult<IReadOnlyList<ExistingInstance>>(found);
    }

    /// <summary>Takes over a process a killed Gantry started: same process, same ports; its output read on from where that Gantry stopped.</summary>
    public Task<IRunningInstance> AdoptAsync(ExistingInstance existing, InstanceSpec spec, InstanceLog log, CancellationToken cancellationToken)
    {
        var path = InstanceRecord.PathOf(_stateDirectory, existing.InstanceId);
        var record = InstanceRecord.TryRead(path) ?? throw new InstanceStartException($"instance {existing.InstanceId} left no readable record to adopt");
        spec = spec with { ContainerPorts = spec.ContainerPorts.IsDefault ? [] : spec.ContainerPorts };
        var environment = BuildEnvironment(spec, new Dictionary<int, int>(record.HostPorts));
        var instance = Track(new ProcessInstance(record, path, child: null, spec, environment, log, ownsGroup: Setsid is not null, _logger));
        ProcessDriverLog.Adopted(_logger, record.InstanceId, record.Pid);
        return Task.FromResult<IRunningInstance>(instance);
    }

    /// <summary>Kills a leftover instance no release wants (its whole group) and deletes its files.</summary>
    public async Task RemoveExistingAsync(ExistingInstance existing, CancellationToken cancellationToken)
    {
        var path = InstanceRecord.PathOf(_stateDirectory, existing.InstanceId);
        if (InstanceRecord.TryRead(path) is not { } record)
        {
            return;
        }

        if (record.IsAlive)
        {
            await KillGroupsAsync([record.Pid], cancellationToken);
            ProcessDriverLog.RemovedLeftover(_logger, record.InstanceId, record.Pid);
        }

        record.Delete(path);
    }

    /// <summary>
    /// Kills every instance an earlier Gantry recorded that still runs and returns how many: for a Gantry that runs apps
    /// on another runtime, which adopts nothing. Also reads the "PID STARTTIME" files of Gantry versions before adoption.
    /// </summary>
    public async Task<int> ReapOrphansAsync(CancellationToken cancellationToken)
    {
        var killed = new List<int>();
        foreach (var (path, record) in Records())
        {
            if (!_running.ContainsKey(record.InstanceId))
            {
                if (record.IsAlive)
                {
                    ProcessDriverLog.ReapedOrphan(_logger, record.Pid, record.InstanceId);
                    killed.Add(record.Pid);
                }

                record.Delete(path);
            }
        }

        foreach (var file in Directory.EnumerateFiles(_stateDirectory, "*.pid"))
        {
            var instanceId = Path.GetFileNameWithoutExtension(file);
            if (PidFile.TryRead(file) is { } recorded && IsRecordedGroupAlive(recorded.Pid, recorded.StartTime))
            {
                ProcessDriverLog.ReapedOrphan(_logger, recorded.Pid, instanceId);
                killed.Add(recorded.Pid);
            }

            PidFile.TryDelete(file);
        }

        await KillGroupsAsync(killed, cancellationToken);
        return killed.Count;
    }

    /// <summary>SIGKILL to each group; returns once the processes are really gone (SIGKILL is asynchronous), so their ports are free again.</summary>
    private static async Task KillGroupsAsync(IReadOnlyList<int> groups, CancellationToken cancellationToken)
    {
        foreach (var pgid in groups)
        {
            Signals.KillGroup(pgid, Signals.SigKill);
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (groups.Any(pgid => ProcFs.GroupMembers(pgid).Count > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private List<(string Path, InstanceRecord Record)> Records() =>
        [.. Directory.EnumerateFiles(_stateDirectory, "*" + InstanceRecord.Extension)
            .Select(path => (Path: path, Record: InstanceRecord.TryRead(path)!))
            .Where(r => r.Record is not null)];

    private ProcessInstance Track(ProcessInstance instance)
    {
        var id = instance.Spec.InstanceId;
        _running[id] = instance;
        _ = instance.Exited.ContinueWith(
            _ => _running.TryRemove(KeyValuePair.Create(id, instance)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return instance;
    }

    /// <summary>Output files named per start: a restarted instance never appends to (or deletes) its previous run's.</summary>
    private (string Stdout, string Stderr) OutputFiles(string instanceId)
    {
        var start = Guid.NewGuid().ToString("N")[..8];
        return (Path.Combine(_stateDirectory, $"{instanceId}.{start}.stdout"), Path.Combine(_stateDirectory, $"{instanceId}.{start}.stderr"));
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
