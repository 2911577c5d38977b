using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>
/// Asks the shared quota, or says to count alone: a shared quota that fails or takes longer than
/// <see cref="AnswerTimeout"/> is not asked again for <see cref="PauseAfterFailure"/>, so while it is cut off a request
/// waits at most once per pause rather than every time. Counts made alone meanwhile stay local (never merged back).
/// </summary>
internal sealed class SharedQuotaGate(ISharedQuota shared, ILogger logger, TimeProvider time)
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(5);

    private long _askAgainAt = long.MinValue;
    private int _cutOff;

    public ISharedQuota Shared => shared;

    /// <summary>True while a failure's pause lasts: count alone without asking.</summary>
    public bool IsPaused => time.GetTimestamp() < Volatile.Read(ref _askAgainAt);

    /// <summary>The shared count, or null when the shared quota failed or is paused (the caller counts alone).</summary>
    public async ValueTask<SharedQuotaAnswer?> TryCountAsync(SharedQuotaRequest request, CancellationToken aborted)
    {
        if (IsPaused)
        {
            return null;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            timeout.CancelAfter(AnswerTimeout);

            // WaitAsync as well: a shared quota that ignores its token still costs a request no more than the timeout.
            var answer = await shared.CountAsync(request, timeout.Token).AsTask().WaitAsync(AnswerTimeout, time, aborted);
            if (Interlocked.Exchange(ref _cutOff, 0) == 1)
            {
                PolicyLog.SharedQuotaBack(logger);
            }

            return answer;
        }
        catch (Exception ex) when (!aborted.IsCancellationRequested)
        {
            Volatile.Write(ref _askAgainAt, time.GetTimestamp() + (long)(PauseAfterFailure.TotalSeconds * time.TimestampFrequency));
            if (Interlocked.Exchange(ref _cutOff, 1) == 0)
            {
                var reason = ex is TimeoutException or OperationCanceledException ? $"no answer within {AnswerTimeout.TotalSeconds:0} s" : ex.Message;
                PolicyLog.SharedQuotaCutOff(logger, reason, PauseAfterFailure.TotalSeconds);
            }

            return null;
        }
    }
}
