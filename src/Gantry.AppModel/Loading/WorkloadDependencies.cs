using Gantry.AppModel.GantryFile;
using Gantry.AppModel.Resolution;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Loading;

/// <summary>gantry.yaml's <c>dependsOn</c>: each name must be another workload of the app, and no workload may wait on itself through others.</summary>
internal static class WorkloadDependencies
{
    /// <param name="written">gantry.yaml's entries, in the order of <paramref name="loaded"/> (every one loaded).</param>
    public static List<LoadedWorkload> Resolve(IReadOnlyList<GantryWorkload> written, List<LoadedWorkload> loaded, FileErrors errors)
    {
        var names = loaded.Select(w => w.Score.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Count != loaded.Count)
        {
            // Two workloads share a name (reported already): which one a dependency means is unknown.
            return loaded;
        }

        var result = new List<LoadedWorkload>(loaded.Count);
        for (var i = 0; i < loaded.Count; i++)
        {
            var own = loaded[i].Score.Name;
            var dependencies = new List<WorkloadDependency>();
            foreach (var (node, ready) in written[i].DependsOn)
            {
                var field = FieldPath.Join(FieldPath.Join(written[i].Field, "dependsOn"), node.Value);
                if (node.Value == own)
                {
                    errors.Add(node, field, "a workload cannot depend on itself");
                }
                else if (!names.Contains(node.Value))
                {
                    errors.Add(node, field, $"'{node.Value}' is not a workload of this app; its workloads: {string.Join(", ", names.Order(StringComparer.Ordinal))}"
                        + Suggestions.Hint(node.Value, names));
                }
                else
                {
                    dependencies.Add(new WorkloadDependency(node.Value, ready));
                }
            }

            result.Add(loaded[i] with { DependsOn = [.. dependencies] });
        }

        ReportCycle(written, result, errors);
        return result;
    }

    /// <summary>Workloads waiting on each other in a circle would never start: the first circle found is an error at its first entry.</summary>
    private static void ReportCycle(IReadOnlyList<GantryWorkload> written, List<LoadedWorkload> workloads, FileErrors errors)
    {
        var edges = workloads.ToDictionary(w => w.Score.Name, w => w.DependsOn.Select(d => d.Workload).ToList(), StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < workloads.Count; i++)
        {
            var path = new List<string>();
            if (FindCycle(workloads[i].Score.Name, edges, path, done) is { } cycle)
            {
                var first = workloads.FindIndex(w => w.Score.Name == cycle[0]);
                var at = written[first].DependsOn.First(d => d.Workload.Value == cycle[1]).Workload;
                errors.Add(at, FieldPath.Join(FieldPath.Join(written[first].Field, "dependsOn"), cycle[1]),
                    $"the workloads wait on each other in a circle: {string.Join(" -> ", cycle)}");
                return;
            }
        }
    }

    private static List<string>? FindCycle(string name, Dictionary<string, List<string>> edges, List<string> path, HashSet<string> done)
    {
        var index = path.IndexOf(name);
        if (index >= 0)
        {
            return [.. path[index..], name];
        }

        if (done.Contains(name))
        {
            return null;
        }

        path.Add(name);
        foreach (var next in edges[name])
        {
            if (FindCycle(next, edges, path, done) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        done.Add(name);
        return null;
    }
}
