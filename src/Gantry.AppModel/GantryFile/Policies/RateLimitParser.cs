using System.Collections.Immutable;
using Gantry.AppModel.Spec.Policies;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile.Policies;

/// <summary>Reads <c>routes.NAME.rateLimit</c>: the default quota, the client key and tiers by role.</summary>
internal static class RateLimitParser
{
    private static readonly string[] QuotaFields = ["perSecond", "perMinute", "perDay", "total"];
    private static readonly string[] Fields = [.. QuotaFields, "client", "tiers"];
    private static readonly string[] TierFields = ["role", .. QuotaFields];
    private static readonly string[] ClientKinds = ["auto", "key", "subject", "ip"];

    public static RateLimitSpec? Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, Fields) is not { } map)
        {
            return null;
        }

        var client = Scalars.OneOf(map.Get("client"), map.FieldOf("client"), errors, ClientKinds) ?? "auto";
        var tiers = ImmutableArray.CreateBuilder<TierSpec>();
        switch (map.Get("tiers"))
        {
            case null:
                break;
            case YamlList list:
                var roles = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (ParseTier(list.Items[i], FieldPath.Index(map.FieldOf("tiers"), i), errors, roles) is { } tier)
                    {
                        tiers.Add(tier);
                    }
                }

                break;
            case { } other:
                errors.Add(other, map.FieldOf("tiers"), $"expected a list of tiers ('- role: member'), got {other.Describe()}");
                break;
        }

        var quota = ParseQuota(map, errors);
        if (quota.IsUnlimited && tiers.Count == 0)
        {
            errors.Add(map.Node, field, "set at least one of perSecond, perMinute, perDay, total or tiers");
        }

        return new RateLimitSpec(client, quota, tiers.ToImmutable());
    }

    private static TierSpec? ParseTier(YamlValue value, string field, FileErrors errors, HashSet<string> roles)
    {
        if (FieldMap.Open(value, field, errors, TierFields) is not { } map)
        {
            return null;
        }

        if (Scalars.NonEmptyString(map.Required("role"), map.FieldOf("role"), errors) is not { } role)
        {
            return null;
        }

        if (!roles.Add(role.Value))
        {
            errors.Add(role, map.FieldOf("role"), $"role '{role.Value}' already has a tier above");
            return null;
        }

        // A tier with no limits is the unlimited tier (for example 'invited').
        return new TierSpec(role.Value, ParseQuota(map, errors));
    }

    private static QuotaSpec ParseQuota(FieldMap map, FileErrors errors) => new(
        PolicyScalars.Count(map.Get("perSecond"), map.FieldOf("perSecond"), errors),
        PolicyScalars.Count(map.Get("perMinute"), map.FieldOf("perMinute"), errors),
        PolicyScalars.Count(map.Get("perDay"), map.FieldOf("perDay"), errors),
        PolicyScalars.Count(map.Get("total"), map.FieldOf("total"), errors));
}
