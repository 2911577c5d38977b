using System.Collections.Immutable;

namespace Gantry.AppModel.Spec.Policies;

/// <summary>Per-client limits: the first tier whose role the caller has applies, otherwise <c>Default</c>.</summary>
/// <param name="Client">What identifies a client: <c>auto</c> (API key, else JWT subject, else IP), <c>key</c>, <c>subject</c> or <c>ip</c>.</param>
public sealed record RateLimitSpec(string Client, QuotaSpec Default, ImmutableArray<TierSpec> Tiers);

/// <summary>Requests allowed per second, per minute, per UTC day and in total; null is unlimited.</summary>
public sealed record QuotaSpec(int? PerSecond, int? PerMinute, int? PerDay, int? Total)
{
    public static QuotaSpec Unlimited { get; } = new(null, null, null, null);

    public bool IsUnlimited => PerSecond is null && PerMinute is null && PerDay is null && Total is null;
}

/// <summary>The quota of callers with <c>Role</c>.</summary>
public sealed record TierSpec(string Role, QuotaSpec Quota);
