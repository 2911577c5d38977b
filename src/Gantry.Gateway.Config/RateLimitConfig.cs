using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>Per-client limits: the first tier whose role the caller has applies, otherwise <c>Default</c>.</summary>
/// <param name="Client">What identifies a client: <c>auto</c> (API key, else JWT subject, else IP), <c>key</c>, <c>subject</c> or <c>ip</c>.</param>
public sealed record RateLimitConfig(string Client, QuotaConfig Default, ImmutableArray<TierConfig> Tiers);
