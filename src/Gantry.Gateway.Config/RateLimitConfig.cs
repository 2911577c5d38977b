using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>Per-client limits: the first tier whose role the caller has applies, otherwise <c>Default</c>.</summary>
/// <param name="Client">What identifies a client: <c>auto</c> (API key, else JWT subject, else IP), <c>key</c>, <c>subject</c> or <c>ip</c>.</param>
public sealed record RateLimitConfig(string Client, QuotaConfig Default, ImmutableArray<TierConfig> Tiers)
{
    /// <summary>The quota of the tier named by <paramref name="role"/>; <c>Default</c> for null or a role no tier has.</summary>
    public QuotaConfig QuotaOfTier(string? role)
    {
        if (role is not null && !Tiers.IsDefault)
        {
            foreach (var tier in Tiers)
            {
                if (tier.Role == role)
                {
                    return tier.Quota;
                }
            }
        }

        return Default;
    }
}
