using System.Globalization;
using System.Text.RegularExpressions;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary><c>deploy</c>, <c>scale</c>, <c>cpus</c>, <c>mem_limit</c>, <c>mem_reservation</c> → replicas and the container's resources.</summary>
internal static partial class ComposeDeploy
{
    public static void Map(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (value is not YamlMap map)
        {
            context.Refuse(value, field, $"expected a mapping, got {value.Describe()}");
            return;
        }

        foreach (var (key, item) in map.Entries)
        {
            var keyField = $"{field}.{key.Value}";
            switch (key.Value)
            {
                case "replicas":
                    MapReplicas(item, keyField, draft, context);
                    break;
                case "resources":
                    MapResources(item, keyField, draft, context);
                    break;
                case "restart_policy":
                    context.Approximate(key, keyField, "Gantry restarts an instance whenever it exits, backing off when it keeps failing");
                    break;
                case "update_config" or "rollback_config":
                    context.Approximate(key, keyField, "releases roll out by Gantry's own rollout (gantry.yaml 'rollout')");
                    break;
                case "mode" when ComposeValues.Text(item) == "replicated":
                    break;
                default:
                    if (!key.Value.StartsWith("x-", StringComparison.Ordinal))
                    {
                        context.LeaveOut(key, keyField, "not supported by Gantry (replicas and resources are)");
                    }

                    break;
            }
        }
    }

    public static void MapReplicas(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (value is YamlScalar { IsInteger: true } scalar && int.TryParse(scalar.Value, CultureInfo.InvariantCulture, out var replicas) && replicas is >= 0 and <= 100)
        {
            draft.Replicas = replicas;
        }
        else
        {
            context.Refuse(value, field, $"expected a number of replicas from 0 to 100, got {value.Describe()}");
        }
    }

    /// <summary>The service-level <c>cpus</c>, <c>mem_limit</c> (limits) and <c>mem_reservation</c> (requests).</summary>
    public static void MapAmount(string key, YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        var text = ComposeValues.Text(value) ?? "";
        var converted = key == "cpus" ? Cpu(text) : Memory(text);
        if (converted is null)
        {
            context.Refuse(value, field, key == "cpus" ? $"'{text}' is not a number of CPUs" : $"'{text}' is not an amount of memory such as 512m or 1g");
            return;
        }

        if (key == "mem_reservation")
        {
            draft.Requests ??= new OrderedDictionary<string, object?>();
            draft.Requests["memory"] = converted;
        }
        else
        {
            draft.Limits ??= new OrderedDictionary<string, object?>();
            draft.Limits[key == "cpus" ? "cpu" : "memory"] = converted;
        }
    }

    private static void MapResources(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (value is not YamlMap map)
        {
            context.Refuse(value, field, $"expected a mapping with limits and reservations, got {value.Describe()}");
            return;
        }

        foreach (var (key, item) in map.Entries)
        {
            var keyField = $"{field}.{key.Value}";
            if (key.Value is not ("limits" or "reservations") || item is not YamlMap amounts)
            {
                context.LeaveOut(key, keyField, "not supported by Gantry (limits and reservations of cpus and memory are)");
                continue;
            }

            foreach (var (name, amount) in amounts.Entries)
            {
                var amountField = $"{keyField}.{name.Value}";
                if (name.Value is "cpus" or "memory")
                {
                    var compose = (key.Value, name.Value) switch
                    {
                        ("limits", "cpus") => "cpus",
                        ("limits", _) => "mem_limit",
                        (_, "memory") => "mem_reservation",
                        _ => null,
                    };
                    if (compose is not null)
                    {
                        MapAmount(compose, amount, amountField, draft, context);
                    }
                    else
                    {
                        context.LeaveOut(name, amountField, "a CPU reservation is not set: Gantry sets CPU limits");
                    }
                }
                else
                {
                    context.LeaveOut(name, amountField, "not supported by Gantry (cpus and memory are)");
                }
            }
        }
    }

    /// <summary>"0.5" → "500m", "2" → "2".</summary>
    private static string? Cpu(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cpus) || cpus <= 0 || cpus > 1024)
        {
            return null;
        }

        return cpus == Math.Floor(cpus) ? ((int)cpus).ToString(CultureInfo.InvariantCulture) : $"{(int)Math.Round(cpus * 1000)}m";
    }

    /// <summary>Compose's byte amounts (binary units: 512m, 1g, 1gb, 2048k, or bytes) as Kubernetes quantities.</summary>
    private static string? Memory(string text)
    {
        if (MemoryAmount().Match(text.Trim()) is not { Success: true } match)
        {
            return null;
        }

        var unit = match.Groups["unit"].Value.ToLowerInvariant().TrimEnd('b');
        var number = match.Groups["number"].Value;
        return unit switch
        {
            "" => number,
            "k" => $"{number}Ki",
            "m" => $"{number}Mi",
            "g" => $"{number}Gi",
            _ => $"{number}Ti",
        };
    }

    [GeneratedRegex(@"^(?<number>[1-9][0-9]*)\s*(?<unit>[bkmgtBKMGT][bB]?)?$")]
    private static partial Regex MemoryAmount();
}
