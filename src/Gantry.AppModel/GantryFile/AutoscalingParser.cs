using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile;

/// <summary>Reads <c>workloads[].autoscaling</c>.</summary>
internal static class AutoscalingParser
{
    private static readonly string[] Fields = ["minReplicas", "maxReplicas", "cpu", "memory"];

    public static AutoscalingSpec? Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, Fields) is not { } map)
        {
            return null;
        }

        var min = Scalars.Integer(map.Get("minReplicas"), map.FieldOf("minReplicas"), errors, 1, GantryFileParser.MaxReplicas) ?? 1;
        var max = Scalars.Integer(map.Required("maxReplicas"), map.FieldOf("maxReplicas"), errors, 1, GantryFileParser.MaxReplicas);
        var cpu = Percent(map, "cpu", errors);
        var memory = Percent(map, "memory", errors);
        if (max is { } top && top < min)
        {
            errors.Add(map.Get("maxReplicas")!, map.FieldOf("maxReplicas"), $"must be at least minReplicas ({min})");
        }

        if (map.Get("cpu") is null && map.Get("memory") is null)
        {
            errors.Add(map.Node, field, "set cpu, memory or both: the average use (percent of the requests) to scale for, for example 'cpu: 70'");
        }

        return max is null ? null : new AutoscalingSpec(min, max.Value, cpu, memory);
    }

    private static int? Percent(FieldMap map, string key, FileErrors errors) =>
        Scalars.Integer(map.Get(key), map.FieldOf(key), errors, 1, 1000);
}
