using System.Collections.Immutable;
using Gantry.AppModel.GantryFile.Policies;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile;

/// <summary>Validates a <c>gantry.yaml</c> (the format is described in docs/app-model.md).</summary>
internal static class GantryFileParser
{
    public const int MaxReplicas = 100;

    private static readonly string[] TopFields = ["name", "workloads", "maxConcurrentRequests", "backups", "jobs"];
    private static readonly string[] WorkloadFields = ["score", "replicas", "rollout", "routes", "circuitBreaker", "autoscaling", "build", "dependsOn"];
    private static readonly string[] RolloutFields = ["maxSurge", "maxUnavailable", "readyTimeout", "drainTimeout", "stopGracePeriod", "autoRollback"];

    public static GantryAppFile? Parse(YamlValue root, FileErrors errors)
    {
        if (FieldMap.Open(root, "", errors, TopFields) is not { } top)
        {
            return null;
        }

        var name = Scalars.String(top.Required("name"), "name", errors);
        if (name is not null && !Names.CheckLabel(name, "name", errors, "app name"))
        {
            name = null;
        }

        var workloads = ImmutableArray.CreateBuilder<GantryWorkload>();
        switch (top.Required("workloads"))
        {
            case YamlList { Items.Count: 0 } empty:
                errors.Add(empty, "workloads", "list at least one workload ('- score: score.yaml')");
                break;
            case YamlList list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (ParseWorkload(list.Items[i], FieldPath.Index("workloads", i), errors) is { } workload)
                    {
                        workloads.Add(workload);
                    }
                }

                break;
            case { } other:
                errors.Add(other, "workloads", $"expected a list of workloads ('- score: score.yaml'), got {other.Describe()}");
                break;
        }

        var maxConcurrent = Scalars.Integer(top.Get("maxConcurrentRequests"), "maxConcurrentRequests", errors, 1, 1_000_000);
        var backups = BackupScheduleParser.Parse(top.Get("backups"), "backups", errors);
        var jobs = JobsParser.Parse(top.Get("jobs"), "jobs", errors);
        return new GantryAppFile(name?.Value ?? "", workloads.ToImmutable(), maxConcurrent) { Backups = backups, Jobs = jobs };
    }

    private static GantryWorkload? ParseWorkload(YamlValue value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, WorkloadFields) is not { } workload)
        {
            return null;
        }

        var score = Scalars.NonEmptyString(workload.Required("score"), workload.FieldOf("score"), errors);
        var replicas = Scalars.Integer(workload.Get("replicas"), workload.FieldOf("replicas"), errors, 0, MaxReplicas);
        var rollout = ParseRollout(workload.Get("rollout"), workload.FieldOf("rollout"), errors);
        var policies = RoutePolicyParser.ParseAll(workload.Get("routes"), workload.FieldOf("routes"), errors);
        var breaker = CircuitBreakerParser.Parse(workload.Get("circuitBreaker"), workload.FieldOf("circuitBreaker"), errors);
        var autoscaling = AutoscalingParser.Parse(workload.Get("autoscaling"), workload.FieldOf("autoscaling"), errors);
        return score is null ? null : new GantryWorkload(score, field, replicas, rollout, policies, breaker) {
            Autoscaling = autoscaling,
            Build = BuildParser.Parse(workload.Get("build"), workload.FieldOf("build"), errors),
            DependsOn = ParseDependsOn(workload, errors),
        };
    }

    /// <summary><c>dependsOn: { db: healthy, cache: started }</c>; the names are checked once every workload is known.</summary>
    private static ImmutableArray<(YamlScalar, string)> ParseDependsOn(FieldMap workload, FileErrors errors)
    {
        if (FieldMap.Open(workload.Get("dependsOn"), workload.FieldOf("dependsOn"), errors, knownFields: null) is not { } map)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<(YamlScalar, string)>();
        foreach (var (name, value) in map.Node.Entries)
        {
            if (Scalars.OneOf(value, map.FieldOf(name.Value), errors, WorkloadDependency.Started, WorkloadDependency.Healthy) is { } ready)
            {
                result.Add((name, ready));
            }
        }

        return result.ToImmutable();
    }

    private static RolloutSpec ParseRollout(YamlValue? value, string field, FileErrors errors)
    {
        var defaults = RolloutSpec.Default;
        if (FieldMap.Open(value, field, errors, RolloutFields) is not { } rollout)
        {
            return defaults;
        }

        var maxSurge = Scalars.Integer(rollout.Get("maxSurge"), rollout.FieldOf("maxSurge"), errors, 0, MaxReplicas);
        var maxUnavailable = Scalars.Integer(rollout.Get("maxUnavailable"), rollout.FieldOf("maxUnavailable"), errors, 0, MaxReplicas);
        var surge = maxSurge ?? defaults.MaxSurge;
        var unavailable = maxUnavailable ?? defaults.MaxUnavailable;
        if (surge == 0 && unavailable == 0 && (rollout.Get("maxSurge") is not null || rollout.Get("maxUnavailable") is not null))
        {
            // A rollout that may neither add nor remove an instance can never make progress.
            errors.Add(rollout.Node, field, "maxSurge and maxUnavailable cannot both be 0: the rollout could never replace an instance");
        }

        return new RolloutSpec(
            surge,
            unavailable,
            ParseDuration(rollout, "readyTimeout", defaults.ReadyTimeout, allowZero: false, errors),
            ParseDuration(rollout, "drainTimeout", defaults.DrainTimeout, allowZero: true, errors),
            ParseDuration(rollout, "stopGracePeriod", defaults.StopGracePeriod, allowZero: true, errors))
        {
            AutoRollback = Scalars.Boolean(rollout.Get("autoRollback"), rollout.FieldOf("autoRollback"), errors) ?? false,
        };
    }

    private static TimeSpan ParseDuration(FieldMap rollout, string key, TimeSpan fallback, bool allowZero, FileErrors errors)
    {
        var field = rollout.FieldOf(key);
        if (Scalars.String(rollout.Get(key), field, errors) is not { } text)
        {
            return fallback;
        }

        if (!Durations.TryParse(text.Value, out var duration))
        {
            errors.Add(text, field, $"'{text.Value}' is not a duration: use a number with a unit, for example 500ms, 30s, 5m or 1h");
            return fallback;
        }

        if (duration > Durations.Max || (!allowZero && duration == TimeSpan.Zero))
        {
            errors.Add(text, field, allowZero ? "must be at most 24h" : "must be more than 0 and at most 24h");
            return fallback;
        }

        return duration;
    }
}
