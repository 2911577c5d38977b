namespace Gantry.ControlPlane.Notifications;

/// <summary>How often and how far apart a failing delivery is tried before it goes to the failures list.</summary>
/// <param name="MaxAttempts">Attempts in all, the first one included.</param>
/// <param name="FirstRetry">The wait after the first failure; each next wait doubles, up to <paramref name="MaxRetry"/>.</param>
public sealed record DeliveryPolicy(int MaxAttempts, TimeSpan FirstRetry, TimeSpan MaxRetry)
{
    /// <summary>Eight attempts over about an hour and a half: 10 s, 20 s, 40 s … capped at 30 minutes.</summary>
    public static DeliveryPolicy Default { get; } = new(8, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30));

    /// <summary>The wait after <paramref name="attempts"/> failed attempts, with ±20% jitter so a destination coming back is not hit by every sender at once.</summary>
    public TimeSpan Backoff(int attempts, TimeSpan? retryAfter = null)
    {
        var doubling = FirstRetry.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var wait = Math.Min(doubling, MaxRetry.TotalMilliseconds) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        // A destination's own Retry-After is honoured, but never beyond the longest wait.
        var asked = Math.Min(retryAfter?.TotalMilliseconds ?? 0, MaxRetry.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Max(wait, asked));
    }
}
