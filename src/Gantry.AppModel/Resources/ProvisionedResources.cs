using System.Collections.Immutable;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Resources;

/// <summary>
/// Reads a Score resource of a type the platform provisions (postgres, redis, …) into a <see cref="ResourceSpec"/>:
/// its definition found by type and class, its params checked against the definition's, its key decided
/// (its <c>id</c>, shared by whoever names it, else its own per app, workload and name).
/// </summary>
internal static class ProvisionedResources
{
    /// <summary>The resource's spec; null when something about it was wrong (reported).</summary>
    public static ResourceSpec? Read(ScoreResource resource, ProvisionerDefinition definition, WorkloadScope scope)
    {
        var workload = scope.Workload.Name;
        var ok = true;
        var parameters = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        var paramsField = FieldPath.Join(resource.Field, "params");
        if (FieldMap.Open(resource.Params, paramsField, scope.Errors, [.. definition.Params.Select(p => p.Name)]) is { } map)
        {
            ok &= map.Node.Entries.All(e => definition.Params.Any(p => p.Name == e.Key.Value));
            foreach (var param in definition.Params)
            {
                if (map.Get(param.Name) is not { } value)
                {
                    continue;
                }

                var field = map.FieldOf(param.Name);
                if (ReadParam(param, value, field, scope) is { } values)
                {
                    parameters[param.Name] = values;
                }
                else
                {
                    ok = false;
                }
            }
        }
        else if (resource.Params is not null)
        {
            ok = false;
        }

        return ok
            ? new ResourceSpec(
                resource.Id ?? $"{scope.App}.{workload}.{resource.Name}",
                definition.Type,
                definition.Class,
                resource.Id,
                [$"{workload}:{resource.Name}"],
                parameters.ToImmutable()) { Location = $"{scope.Workload.File}:{resource.Key.Line}:{resource.Key.Column}" }
            : null;
    }

    /// <summary>The app's provisioned resources, merged by key: workloads naming the same id share one.</summary>
    public static ImmutableArray<ResourceSpec> Merge(IEnumerable<(ResourceSpec Spec, ScoreResource Resource, FileErrors Errors)> declared)
    {
        var merged = new Dictionary<string, ResourceSpec>(StringComparer.Ordinal);
        foreach (var (spec, resource, errors) in declared)
        {
            if (!merged.TryGetValue(spec.Key, out var first))
            {
                merged[spec.Key] = spec;
                continue;
            }

            if (first.Type != spec.Type || first.Class != spec.Class)
            {
                continue; // reported with every other shared id (AppResolver)
            }

            if (!SameParams(first.Params, spec.Params))
            {
                errors.Add(resource.Key, resource.Field,
                    $"resource id '{spec.Key}' has other params at {first.Location}; a shared resource's params must be the same wherever it is named");
                continue;
            }

            merged[spec.Key] = first with { Workloads = first.Workloads.AddRange(spec.Workloads) };
        }

        return [.. merged.Values.OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static ImmutableArray<string>? ReadParam(ParamDefinition param, YamlValue value, string field, WorkloadScope scope)
    {
        if (param.Kind == "list")
        {
            if (Scalars.StringList(value, field, scope.Errors) is not { } items)
            {
                return null;
            }

            var expanded = items.Select((item, i) => scope.Expand(item, FieldPath.Index(field, i))).ToList();
            return expanded.Any(e => e is null) ? null : [.. expanded!];
        }

        if (Scalars.String(value, field, scope.Errors) is not { } scalar || scope.Expand(scalar, field) is not { } text)
        {
            return null;
        }

        if (param.Kind == "number" && !decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            scope.Errors.Add(value, field, $"'{text}' is not a number");
            return null;
        }

        return [text];
    }

    private static bool SameParams(ImmutableDictionary<string, ImmutableArray<string>> a, ImmutableDictionary<string, ImmutableArray<string>> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && p.Value.SequenceEqual(other));
}
