namespace Gantry.Gateway.Policies;

/// <summary>The outcome of counting a request: admitted or not, and what the RateLimit-* headers report.</summary>
/// <param name="Window">The window that limits the client most: <c>second</c>, <c>minute</c>, <c>day</c> or <c>total</c>.</param>
/// <param name="ResetSeconds">When that window starts over (for <c>total</c>: never, reported as 0).</param>
internal readonly record struct QuotaDecision(bool Admitted, string Window, int Limit, int Remaining, long ResetSeconds, long WindowSeconds)
{
    public static QuotaDecision Unlimited { get; } = new(true, "", 0, 0, 0, 0);
}
