using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// Builds each release an app is asked to serve, once, and remembers it. A build that fails is retried no sooner
/// than its backoff allows (5 s doubling to 5 min), so a serving release that cannot be rebuilt is not rebuilt in a loop.
/// </summary>
public sealed class ReleasePreparer(string app, ReleaseBuilder builder, Secrets.SecretScrubber secrets, TimeProvider time)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);

    private readonly Dictionary<int, ReleaseBuild> _built = [];
    private readonly Dictionary<int, (DateTimeOffset RetryAt, int Failures)> _failed = [];

    /// <summary>What preparing came to: the build, or why it failed, or neither while a failed build waits for its retry.</summary>
    public sealed record Outcome(ReleaseBuild? Build, string? Failure, TimeSpan RetryIn);

    public bool IsBuilt(int release) => _built.ContainsKey(release);

    public async Task<Outcome> PrepareAsync(ReleaseRecord release, CancellationToken cancellationToken)
    {
        if (_built.TryGetValue(release.Number, out var built))
        {
            return new Outcome(built, null, TimeSpan.Zero);
        }

        var now = time.GetUtcNow();
        if (_failed.TryGetValue(release.Number, out var failed) && now < failed.RetryAt)
        {
            return new Outcome(null, null, failed.RetryAt - now);
        }

        try
        {
            var spec = SpecSerializer.Deserialize(release.SpecJson);
            secrets.Remember(spec); // after a restart, what the app runs is learnt here
            built = await builder.BuildAsync(app, release.Number, spec, release.SourceDirectory, cancellationToken);
            _built[release.Number] = built;
            _failed.Remove(release.Number);
            return new Outcome(built, null, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failures = failed.Failures + 1;
            var delay = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 16)));
            _failed[release.Number] = (now + delay, failures);
            return new Outcome(null, ex.Message, delay);
        }
    }

    /// <summary>Drops what is no longer needed: only <paramref name="keep"/> stays remembered.</summary>
    public void KeepOnly(params int[] keep)
    {
        foreach (var number in _built.Keys.Where(n => !keep.Contains(n)).ToList())
        {
            _built.Remove(number);
        }
    }

    public void Forget(int release)
    {
        _built.Remove(release);
        _failed.Remove(release);
    }
}
