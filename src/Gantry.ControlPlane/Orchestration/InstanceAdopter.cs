using Gantry.AppModel.Spec;
using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// Takes over, once, the instances of one app that a previous Gantry left running: those of the serving or desired
/// release whose workload that release still has. Anything else of the app is removed, so nothing runs twice.
/// </summary>
internal sealed partial class InstanceAdopter(
    string app, InstanceSet instances, InstanceFactory factory, ReleasePreparer releases, ILogger logger, IReadOnlyList<ExistingInstance> adoptable)
{
    private IReadOnlyList<ExistingInstance> _adoptable = adoptable;

    public bool Pending => _adoptable.Count > 0;

    public async Task AdoptAsync(DesiredState state, ReleaseBuild target, CancellationToken cancellationToken)
    {
        var pending = _adoptable;
        _adoptable = [];
        foreach (var existing in pending)
        {
            var build = existing.Release == target.Release ? target : await OtherReleaseAsync(state, existing.Release, cancellationToken);
            var workload = build?.Spec.Workloads.FirstOrDefault(w => w.Name == existing.Workload);
            if (existing.Running && build is not null && workload is not null && await TryAdoptAsync(build, workload, existing, cancellationToken))
            {
                continue;
            }

            await factory.RemoveExistingAsync(existing, cancellationToken);
        }
    }

    private async Task<bool> TryAdoptAsync(ReleaseBuild build, WorkloadSpec workload, ExistingInstance existing, CancellationToken cancellationToken)
    {
        try
        {
            await instances.AdoptAsync(build, workload, existing, cancellationToken);
            return true;
        }
        catch (InstanceStartException e)
        {
            // Gone between finding and adopting, or its record unreadable: the release starts a new one instead.
            LogNotAdopted(logger, existing.InstanceId, app, e.Message);
            return false;
        }
    }

    /// <summary>The current or desired release, prepared, when <paramref name="release"/> is one of them; null otherwise.</summary>
    private async Task<ReleaseBuild?> OtherReleaseAsync(DesiredState state, int release, CancellationToken cancellationToken)
    {
        var record = new[] { state.Current, state.Desired }.FirstOrDefault(r => r?.Number == release);
        return record is null ? null : (await releases.PrepareAsync(record, cancellationToken)).Build;
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not adopt instance {InstanceId} of app {App}, left by an earlier Gantry: {Reason}; starting a new one")]
    private static partial void LogNotAdopted(ILogger logger, string instanceId, string app, string reason);
}
