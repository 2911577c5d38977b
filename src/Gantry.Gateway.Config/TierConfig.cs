namespace Gantry.Gateway.Config;

/// <summary>The quota of callers with <c>Role</c>.</summary>
public sealed record TierConfig(string Role, QuotaConfig Quota);
