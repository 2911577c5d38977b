using System.Collections.Immutable;
using System.Diagnostics;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Orchestration.Runtimes;
using Gantry.Runtime.Instances.Container;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>Prepares every workload of a release (jobs' own too) for the server's runtime (builds, images), recording progress as release events.</summary>
public sealed class ReleaseBuilder(
    IWorkloadRuntime runtime, DataDirectory data, AppEventLog events, ReleaseActivity activity, ReleaseLedger ledger, Resources.ResourcePreparer resources)
{
    /// <summary>Prepares (or reuses) what each workload needs; throws <c>BuildFailedException</c> with a user-facing reason.</summary>
    public async Task<ReleaseBuild> BuildAsync(string app, int release, AppSpec spec, string sourceDirectory, CancellationToken cancellationToken)
    {
        // Databases and the like first: an instance that starts expects its resources to be there.
        await resources.PrepareAsync(app, release, spec, cancellationToken);
        var artifacts = ImmutableDictionary.CreateBuilder<string, WorkloadArtifact>(StringComparer.Ordinal);
        var logPath = data.BuildLog(app, release);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        await using var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var output = new LineWriter(log, pull => activity.Set(app, release, new ActivityInfo(pull.ToString(), pull.Fraction)));
        try
        {
            foreach (var workload in spec.Workloads)
            {
                artifacts[workload.Name] = await PrepareAsync(app, release, spec, workload, sourceDirectory, output, cancellationToken);
            }

            foreach (var job in spec.Jobs.Where(j => j.OwnWorkload is not null))
            {
                artifacts[InstanceFactory.ArtifactKey(job)] = await PrepareAsync(app, release, spec, job.OwnWorkload!, sourceDirectory, output, cancellationToken);
            }
        }
        finally
        {
            activity.Clear(app, release);
        }

        var images = artifacts.Where(a => a.Value.Image is not null)
            .ToDictionary(a => a.Key, a => a.Value.Digest is { } digest ? $"{a.Value.Image} ({digest})" : a.Value.Image!, StringComparer.Ordinal);
        var builds = artifacts.Where(a => a.Value.Stack is not null).ToDictionary(a => a.Key, a => a.Value.Stack!, StringComparer.Ordinal);
        await ledger.SetBuildsAsync(app, release, images, builds, cancellationToken);

        return new ReleaseBuild(release, spec, sourceDirectory, artifacts.ToImmutable());
    }

    private async Task<WorkloadArtifact> PrepareAsync(
        string app, int release, AppSpec spec, WorkloadSpec workload, string sourceDirectory, LineWriter output, CancellationToken cancellationToken)
    {
        var source = new WorkloadSource(app, release, spec, workload, sourceDirectory);
        var watch = Stopwatch.StartNew();
        await events.WriteAsync(app, release, "build.started", $"preparing {workload.Name} for the {runtime.Name} runtime", cancellationToken: cancellationToken);
        var artifact = await runtime.PrepareAsync(source, output, cancellationToken);
        await events.WriteAsync(app, release, "build.finished", $"{workload.Name}: {artifact.Summary} ({watch.Elapsed.TotalSeconds:0.0}s)", cancellationToken: cancellationToken);
        return artifact;
    }

    /// <summary>Writes build output as it comes, on the builder's thread: <c>Progress&lt;T&gt;</c> would post it later, after the log is closed.</summary>
    private sealed class LineWriter(StreamWriter log, Action<PullProgress> pulls) : IProgress<string>, IProgress<PullProgress>
    {
        public void Report(PullProgress value)
        {
            Report(value.ToString());
            pulls(value);
        }

        public void Report(string value)
        {
            lock (log)
            {
                log.WriteLine(value);
            }
        }
    }
}
