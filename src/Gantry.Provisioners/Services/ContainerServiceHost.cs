using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gantry.Provisioners.Steps;
using Gantry.Runtime.Instances.Container;
using Gantry.Runtime.Instances.Process;

namespace Gantry.Provisioners.Services;

/// <summary>
/// Runs one platform server as a container from its <see cref="ContainerServicePlan"/>: on the installation's network
/// under the service's name, its data in a named volume that outlives the container. Adopts the container an earlier
/// Gantry left running (a kill -9 of Gantry restarts nothing), waits until its ready step passes inside it, and starts it
/// again with backoff when it exits. Stopping removes the container, never the volume.
/// </summary>
public sealed class ContainerServiceHost(ContainerServicePlan plan, DockerClient client, StepRunner steps, ILogger<ContainerServiceHost> logger) : IServiceHost
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private const int LogTailLines = 20;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ServiceStatusBoard _status = new(plan.Name);
    private CancellationTokenSource? _supervision;
    private Task? _loop;

    public ContainerServicePlan Plan => plan;

    public ServiceStatus Status => _status.Current;

    public async Task<ServiceStatus> EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_loop is null)
            {
                var id = await StartOrAdoptAsync(cancellationToken);
                _supervision = new CancellationTokenSource();
                var stop = _supervision.Token;
                _loop = Task.Run(() => SuperviseAsync(id, stop), CancellationToken.None);
                return Status;
            }
        }
        finally
        {
            _gate.Release();
        }

        // Supervised already, perhaps between restarts: wait for it as for a first start.
        return await _status.WaitReadyAsync(plan.StartTimeout, PollInterval, cancellationToken);
    }

    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        await EndSupervisionAsync();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Update(s => s with { State = ServiceState.Stopping });
            try
            {
                await client.Containers.StopContainerAsync(
                    plan.ContainerName, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(gracePeriod.TotalSeconds) }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
            }

            await ContainerDriver.ForceRemoveAsync(client, plan.ContainerName, logger);
            Update(s => s with { State = ServiceState.Stopped, Pid = null, Ready = false, Error = null, Adopted = false });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops watching the container and leaves it running for the next Gantry to adopt.</summary>
    public async ValueTask DisposeAsync()
    {
        await EndSupervisionAsync();
        Update(s => s with { State = s.State is ServiceState.Stopped or ServiceState.Failed ? s.State : ServiceState.Detached });
    }

    private async Task<string> StartOrAdoptAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await InspectAsync(cancellationToken) is { State.Running: true } running)
            {
                Update(s => s with { State = ServiceState.Starting, Pid = Pid(running), Adopted = true, Error = null });
                await WaitUntilReadyAsync(running.ID, cancellationToken);
                return running.ID;
            }

            return await CreateAndStartAsync(cancellationToken);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or InvalidOperationException or StepFailedException)
        {
            var failure = new ServiceStartException($"{plan.Name}: {Reason(e)}", e);
            Update(s => s with { State = ServiceState.Failed, Pid = null, Ready = false, Error = failure.Message });
            throw failure;
        }
        catch (ServiceStartException e)
        {
            Update(s => s with { State = ServiceState.Failed, Pid = null, Ready = false, Error = e.Message });
            throw;
        }
    }

    /// <summary>A new container (a stopped one of the same name goes first: its settings may be old); its volume is kept or made.</summary>
    private async Task<string> CreateAndStartAsync(CancellationToken cancellationToken)
    {
        Update(s => s with { State = ServiceState.Initializing, Pid = null, Adopted = false });
        await ContainerDriver.ForceRemoveAsync(client, plan.ContainerName, logger);
        await EngineImages.EnsureAsync(client, plan.Image, new Progress<string>(), cancellationToken);
        var network = await ContainerNetwork.EnsureAsync(client, plan.Installation, cancellationToken);
        if (plan.Volume is { } volume)
        {
            await EnsureVolumeAsync(volume, cancellationToken);
        }

        var created = await client.Containers.CreateContainerAsync(Parameters(network), cancellationToken);
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            var started = await client.Containers.InspectContainerAsync(created.ID, cancellationToken);
            ContainerServiceHostLog.Started(logger, plan.Name, plan.Image, created.ID);
            Update(s => s with { State = ServiceState.Starting, Pid = Pid(started), Error = null });
            await WaitUntilReadyAsync(created.ID, cancellationToken);
            return created.ID;
        }
        catch
        {
            // Never leave a server that did not get ready: the next start makes a new one on the same volume.
            await ContainerDriver.ForceRemoveAsync(client, created.ID, logger);
            throw;
        }
    }

    private CreateContainerParameters Parameters(string network) => new()
    {
        Name = plan.ContainerName,
        Image = plan.Image,
        Cmd = plan.Command.IsDefaultOrEmpty ? null : [.. plan.Command],
        Env = [.. plan.Environment.Select(e => $"{e.Key}={e.Value}")],
        Labels = new Dictionary<string, string>
        {
            [ContainerLabels.Managed] = "true",
            [ContainerLabels.Installation] = plan.Installation,
            [ContainerLabels.Service] = plan.Name,
        },
        NetworkingConfig = ContainerNetwork.Join(network, plan.Name),
        HostConfig = new HostConfig
        {
            NetworkMode = network,
            Mounts = plan.Volume is { } volume ? [new Mount { Type = "volume", Source = volume, Target = plan.DataPath }] : [],
        },
    };

    private async Task EnsureVolumeAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.Volumes.InspectAsync(name, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            var labels = new Dictionary<string, string> { [ContainerLabels.Installation] = plan.Installation, [ContainerLabels.Service] = plan.Name };
            await client.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = labels }, cancellationToken);
        }
    }

    private async Task WaitUntilReadyAsync(string id, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + plan.StartTimeout;
        while (true)
        {
            var inspect = await client.Containers.InspectContainerAsync(id, cancellationToken);
            if (inspect.State is { Running: false } state)
            {
                throw new ServiceStartException($"{plan.Name} exited with code {state.ExitCode} while starting{await LogTailAsync(id)}");
            }

            var (ready, detail) = await CheckAsync(cancellationToken);
            if (ready)
            {
                Update(s => s with { State = ServiceState.Running, Pid = Pid(inspect), Ready = true, Error = null });
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ServiceStartException($"{plan.Name} was not ready within {Durations.Format(plan.StartTimeout)}: {detail}{await LogTailAsync(id)}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<(bool Ready, string? Detail)> CheckAsync(CancellationToken cancellationToken)
    {
        if (plan.Ready is not { } command)
        {
            return (true, null);
        }

        var result = await steps.ExecuteAsync(command, cancellationToken);
        return result.Succeeded ? (true, null) : (false, "its readiness check failed: " + StepRunner.Describe(command, result));
    }

    private async Task SuperviseAsync(string id, CancellationToken stop)
    {
        var backoff = FirstBackoff;
        try
        {
            while (true)
            {
                var started = DateTimeOffset.UtcNow;
                var exit = await WatchAsync(id, stop);
                if (DateTimeOffset.UtcNow - started > MaxBackoff)
                {
                    backoff = FirstBackoff; // it ran fine for a while: a new failure, not a crash loop
                }

                ContainerServiceHostLog.Exited(logger, plan.Name, exit.Description, backoff);
                Update(s => s with { State = ServiceState.BackingOff, Pid = null, Ready = false, LastExit = exit, Adopted = false, Error = $"it {exit.Description}" });
                while (true)
                {
                    await Task.Delay(backoff, stop);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                    if (await RestartAsync(stop) is { } restarted)
                    {
                        id = restarted;
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped or detached.
        }
    }

    /// <summary>Starts the server again on its volume; null when that failed (the loop tries again later).</summary>
    private async Task<string?> RestartAsync(CancellationToken stop)
    {
        await _gate.WaitAsync(stop);
        try
        {
            Update(s => s with { Restarts = s.Restarts + 1 });
            return await CreateAndStartAsync(stop);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            ContainerServiceHostLog.RestartFailed(logger, plan.Name, Reason(e));
            Update(s => s with { State = ServiceState.BackingOff, Pid = null, Ready = false, Error = Reason(e) });
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for the container to end (or vanish), checking its readiness every <see cref="ContainerServicePlan.HealthInterval"/>.</summary>
    private async Task<ServiceExit> WatchAsync(string id, CancellationToken stop)
    {
        var nextCheck = DateTime.UtcNow + plan.HealthInterval;
        while (true)
        {
            await Task.Delay(PollInterval, stop);
            ContainerInspectResponse inspect;
            try
            {
                inspect = await client.Containers.InspectContainerAsync(id, stop);
            }
            catch (DockerContainerNotFoundException)
            {
                return new ServiceExit(null, null, DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException)
            {
                continue; // the engine is busy or restarting: the container's fate is unknown yet
            }

            if (inspect.State is { Running: false } state)
            {
                var code = (int)state.ExitCode;
                return new ServiceExit(code, Signals.NameFromExitCode(code), DateTimeOffset.UtcNow);
            }

            if (DateTime.UtcNow >= nextCheck)
            {
                nextCheck = DateTime.UtcNow + plan.HealthInterval;
                await RecheckAsync(stop);
            }
        }
    }

    private async Task RecheckAsync(CancellationToken stop)
    {
        try
        {
            var (ready, detail) = await CheckAsync(stop);
            Update(s => s with { Ready = ready, Error = ready ? null : detail });
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            Update(s => s with { Ready = false, Error = e.Message });
        }
    }

    private async Task<ContainerInspectResponse?> InspectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.Containers.InspectContainerAsync(plan.ContainerName, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The last lines the server wrote, secrets masked, for an error message.</summary>
    private async Task<string> LogTailAsync(string id)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = LogTailLines.ToString(CultureInfo.InvariantCulture) };
            using var stream = await client.Containers.GetContainerLogsAsync(id, tty: false, parameters, timeout.Token);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(timeout.Token);
            var text = OutputCapture.Mask(OutputCapture.LastLines(stdout + stderr, LogTailLines), plan.Secrets.IsDefault ? [] : plan.Secrets);
            return text.Length == 0 ? "" : $"; its log ends:\n{text}";
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }

    private async Task EndSupervisionAsync()
    {
        var supervision = Interlocked.Exchange(ref _supervision, null);
        var loop = Interlocked.Exchange(ref _loop, null);
        if (supervision is null)
        {
            return;
        }

        await supervision.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }

        supervision.Dispose();
    }

    private static int? Pid(ContainerInspectResponse inspect) => inspect.State?.Pid is long pid and > 0 ? (int)pid : null;

    private static string Reason(Exception e) => e is DockerApiException { ResponseBody: { Length: > 0 } body } ? body.Trim() : e.Message;

    private void Update(Func<ServiceStatus, ServiceStatus> change) => _status.Update(this, change);
}
