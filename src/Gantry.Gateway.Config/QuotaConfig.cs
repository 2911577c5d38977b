namespace Gantry.Gateway.Config;

/// <summary>Requests allowed per second, per minute, per UTC day and in total; null is unlimited.</summary>
public sealed record QuotaConfig(int? PerSecond, int? PerMinute, int? PerDay, int? Total)
{
    public static QuotaConfig Unlimited { get; } = new(null, null, null, null);

    public bool IsUnlimited => PerSecond is null && PerMinute is null && PerDay is null && Total is null;
}
