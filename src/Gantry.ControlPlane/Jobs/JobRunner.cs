using System.Globalization;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Orchestration;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Logs;

namespace Gantry.ControlPlane.Jobs;

/// <summary>
/// Runs one job run to its end: an instance of the job's workload with the job's command, started again after a
/// failure while retries are left, stopped at the timeout. Every attempt logs under the run's log id; a run that
/// fails of itself (not stopped by Gantry) is a <c>job.failed</c> event, so it notifies.
/// </summary>
public sealed partial class JobRunner(InstanceFactory instances, LogStore logs, JobRunStore runs, AppEventLog events, TimeProvider time, ILogger<JobRunner> logger)
{
    public const string FailedEvent = "job.failed";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromMinutes(1);

    public async Task RunAsync(ReleaseBuild build, JobSpec job, ActiveRun active)
    {
        var run = active.Run;
        using var log = logs.Open(run.App, InstanceFactory.JobWorkloadName(job.Name), run.LogId);
        using var timeout = job.Timeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(active.Stopping, timeout.Token);
        var started = time.GetUtcNow();
        (int? ExitCode, string? Problem) last = (null, null);
        for (var attempt = 1; ; attempt++)
        {
            await runs.SetAttemptAsync(run.Id, attempt, CancellationToken.None);
            log.Write("gantry", $"attempt {attempt} of {job.Retries + 1} of run {run.Id} (release {build.Release})");
            last = await AttemptAsync(build, job, run.Id, $"{run.LogId}-{attempt}", log, stopping.Token);
            if (last.Problem is null || stopping.IsCancellationRequested || attempt > job.Retries)
            {
                break;
            }

            var delay = TimeSpan.FromTicks(Math.Min(LastRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(attempt - 1, 16)));
            log.Write("gantry", $"{last.Problem}; trying again in {delay.TotalSeconds:0}s ({job.Retries + 1 - attempt} attempts left)");
            try
            {
                await Task.Delay(delay, time, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var stoppedBy = timeout.IsCancellationRequested ? $"timed out after {Seconds(job.Timeout!.Value)}" : active.StopReason;
        var problem = stoppedBy ?? last.Problem;
        var state = problem is null ? JobRunStore.Succeeded : JobRunStore.Failed;
        log.Write("gantry", problem is null ? "succeeded" : $"failed: {problem}");
        if (problem is not null && active.StopReason is null)
        {
            // Before the run's end is stored: a Gantry killed in between marks the run failed on start, and notifies again rather than never.
            await events.WriteAsync(run.App, run.Release, FailedEvent, $"job {job.Name} failed (run {run.Id}): {problem}", cancellationToken: CancellationToken.None);
        }

        await runs.FinishAsync(run.Id, state, last.ExitCode, problem);
        JobMetrics.Ended(run.App, job.Name, state, time.GetUtcNow() - started);
        LogRunEnded(logger, run.App, job.Name, run.Id, state, problem ?? "exit code 0");
    }

    /// <summary>One instance, start to exit: its exit code, and what went wrong in words (null when it exited 0).</summary>
    private async Task<(int? ExitCode, string? Problem)> AttemptAsync(
        ReleaseBuild build, JobSpec job, long runId, string instanceId, InstanceLog log, CancellationToken stopping)
    {
        IRunningInstance running;
        try
        {
            var spec = instances.DescribeJobRun(log.App, build, job, instanceId, runId.ToString(CultureInfo.InvariantCulture));
            running = await instances.Driver.StartAsync(spec, log, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return (null, "stopped before it started");
        }
        catch (Exception e)
        {
            log.Write("gantry", $"failed to start: {e.Message}");
            return (null, $"could not start: {e.Message}");
        }

        await using (running)
        {
            InstanceExit exit;
            try
            {
                exit = await running.Exited.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                await running.StopAsync(StopGrace, CancellationToken.None);
                exit = await running.Exited;
            }

            return (exit.ExitCode, exit.ExitCode == 0 ? null : exit.Describe());
        }
    }

    private static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds < 120 ? $"{duration.TotalSeconds:0}s" : $"{duration.TotalMinutes:0.#}m";

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Job {App}/{Job} run {Run} {State}: {Outcome}")]
    private static partial void LogRunEnded(ILogger logger, string app, string job, long run, string state, string outcome);
}
