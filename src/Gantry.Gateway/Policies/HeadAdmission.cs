namespace Gantry.Gateway.Policies;

/// <summary>
/// A request the fast path's policy check let in: who the caller is (and the header lines the app gets for it), the
/// key it was counted by, and the count's RateLimit-* values (none when <paramref name="Texts"/> is null).
/// </summary>
internal readonly record struct HeadAdmission(
    RequestIdentity? Identity, byte[]? IdentityLines, string? Client, QuotaDecision Rate, RateLimitTexts? Texts);
