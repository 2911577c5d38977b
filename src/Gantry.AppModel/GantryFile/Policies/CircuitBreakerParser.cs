using Gantry.AppModel.Spec.Policies;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile.Policies;

/// <summary>Reads <c>workloads[].circuitBreaker</c>.</summary>
internal static class CircuitBreakerParser
{
    private static readonly string[] Fields = ["consecutiveFailures", "failureRatio", "minimumRequests", "window", "breakFor"];

    public static CircuitBreakerSpec? Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, Fields) is not { } map)
        {
            return null;
        }

        var consecutive = PolicyScalars.Count(map.Get("consecutiveFailures"), map.FieldOf("consecutiveFailures"), errors, 10_000);
        var ratio = PolicyScalars.Ratio(map.Get("failureRatio"), map.FieldOf("failureRatio"), errors);
        if (map.Get("consecutiveFailures") is null && map.Get("failureRatio") is null)
        {
            errors.Add(map.Node, field, "set consecutiveFailures, failureRatio or both: when should the circuit open?");
        }

        return new CircuitBreakerSpec(
            consecutive,
            ratio,
            PolicyScalars.Count(map.Get("minimumRequests"), map.FieldOf("minimumRequests"), errors, 100_000) ?? 10,
            PolicyScalars.Duration(map.Get("window"), map.FieldOf("window"), errors) ?? TimeSpan.FromSeconds(30),
            PolicyScalars.Duration(map.Get("breakFor"), map.FieldOf("breakFor"), errors) ?? TimeSpan.FromSeconds(15));
    }
}
