namespace Gantry.Gateway.Config;

/// <summary>The control plane's count of a <see cref="SharedQuotaRequest"/>: admitted or not, and what the RateLimit-* headers report.</summary>
/// <param name="Window">The day or total window that limits the client most (<c>day</c> or <c>total</c>); empty when the route's quota has neither.</param>
/// <param name="Limit">That window's limit.</param>
/// <param name="Remaining">Requests left in it after this one.</param>
/// <param name="ResetSeconds">When it starts over (for <c>total</c>: never, reported as 0).</param>
/// <param name="WindowSeconds">Its length (86400 for a day, 0 for total).</param>
public sealed record SharedQuotaAnswer(bool Admitted, string Window, int Limit, int Remaining, long ResetSeconds, long WindowSeconds);
