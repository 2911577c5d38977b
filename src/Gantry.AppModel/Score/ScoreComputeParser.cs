using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Score;

/// <summary>Validates a container's CPU and memory <c>limits</c> and <c>requests</c>.</summary>
internal static class ScoreComputeParser
{
    private static readonly string[] ResourcesFields = ["limits", "requests"];
    private static readonly string[] AmountFields = ["memory", "cpu"];

    public static ResourcesSpec? Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, ResourcesFields) is not { } resources)
        {
            return null;
        }

        return new ResourcesSpec(
            ParseAmounts(resources.Get("limits"), resources.FieldOf("limits"), errors),
            ParseAmounts(resources.Get("requests"), resources.FieldOf("requests"), errors));
    }

    private static ResourceAmounts? ParseAmounts(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, AmountFields) is not { } amounts)
        {
            return null;
        }

        var cpu = Scalars.String(amounts.Get("cpu"), amounts.FieldOf("cpu"), errors);
        if (cpu is not null && !Patterns.Cpu().IsMatch(cpu.Value))
        {
            errors.Add(cpu, amounts.FieldOf("cpu"), $"cpu '{cpu.Value}' is not valid: use whole or fractional CPUs or milli-CPUs, for example 2, 0.5 or 250m");
            cpu = null;
        }

        var memory = Scalars.String(amounts.Get("memory"), amounts.FieldOf("memory"), errors);
        if (memory is not null && !Patterns.Memory().IsMatch(memory.Value))
        {
            errors.Add(memory, amounts.FieldOf("memory"),
                $"memory '{memory.Value}' is not valid: use a number of bytes with an optional unit (K, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei), for example 128Mi or 1.5G");
            memory = null;
        }

        return new ResourceAmounts(cpu?.Value, memory?.Value);
    }
}
