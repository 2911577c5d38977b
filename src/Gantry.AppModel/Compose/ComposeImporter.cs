using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>
/// Turns a Compose file into a Gantry app: a gantry.yaml and one Score file per service, written beside the compose
/// file, with a report of every key not mapped one to one. Problems are reported located in the compose file.
/// </summary>
internal static class ComposeImporter
{
    /// <summary>A document is a Compose file when its root has a <c>services</c> mapping (Score and gantry.yaml have none).</summary>
    public static bool IsCompose(YamlValue root) => root is YamlMap map && map.Get("services") is YamlMap;

    public static ComposeImport? Import(IAppFiles files, string composeFile, YamlValue root, ErrorList errors, ComposeImportOptions options)
    {
        var fileErrors = errors.For(composeFile);
        var folder = AppPath.FolderOf(composeFile);
        var variables = ReadDotEnv(files, folder, errors);
        var interpolation = new ComposeInterpolation(variables, fileErrors);
        if (interpolation.Apply(YamlMergeKeys.Apply(root, fileErrors)) is not YamlMap top)
        {
            return null;
        }

        var context = new ComposeContext(files, composeFile, fileErrors, interpolation)
        {
            Variables = variables,
            Volumes = top.Get("volumes") as YamlMap,
            Secrets = top.Get("secrets") as YamlMap,
            Configs = top.Get("configs") as YamlMap,
        };
        CheckTopLevel(top, context);
        var name = AppName(top, composeFile, options, context);
        var leftOut = new HashSet<string>(StringComparer.Ordinal);
        var drafts = MapServices((YamlMap)top.Get("services")!, options, context, leftOut);
        if (drafts.Count == 0)
        {
            context.Refuse(top.Find("services")!.Key, "services", "no service is left to import (a profile may be needed: --profile NAME)");
        }

        var provisioned = options.Provision ? ComposeProvisioning.Apply(drafts, context) : [];
        ComposeWiring.MapDependsOn(drafts, context, leftOut, provisioned);
        ComposeWiring.Rewire(drafts, context);
        ComposeWiring.AddRoutes(drafts);
        foreach (var note in context.Notes)
        {
            errors.Warn(new SpecError(note.File, note.Line, note.Column, note.Field, note.Message));
        }

        if (name is null || errors.Count > 0)
        {
            return null;
        }

        var source = composeFile.Length == 0 ? "compose.yaml" : composeFile[(folder.Length == 0 ? 0 : folder.Length + 1)..];
        var header = $"Written by gantry import from {source}; Gantry deploys {source} itself the same way (gantry deploy -f {source}).";
        var written = new List<KeyValuePair<string, string>>
        {
            new(Join(folder, "gantry.yaml"), ScoreYamlWriter.Write(GantryYaml(name, drafts), header)),
        };
        written.AddRange(drafts.Select(d => new KeyValuePair<string, string>(Join(folder, d.ScoreFile), ScoreYamlWriter.Write(d.ToScore(), header))));
        var services = drafts.Select(d => new ComposeServiceImport(d.Service, d.Workload, Join(folder, d.ScoreFile), Summary(d))).ToImmutableArray();
        return new ComposeImport(name, [.. written], services, [.. context.Notes.OrderBy(n => n.Line).ThenBy(n => n.Column)])
        {
            RefersToFiles = drafts.Any(d => d.Build is not null || d.Files.Values.OfType<OrderedDictionary<string, object?>>().Any(f => f.ContainsKey("source"))),
        };
    }

    private static Dictionary<string, string> ReadDotEnv(IAppFiles files, string folder, ErrorList errors)
    {
        var path = Join(folder, ".env");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (files.ReadText(path) is { } text)
        {
            foreach (var (name, value) in DotEnvFile.Parse(text, errors.For(path)))
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    private static void CheckTopLevel(YamlMap top, ComposeContext context)
    {
        foreach (var (key, _) in top.Entries)
        {
            if (key.Value.StartsWith("x-", StringComparison.Ordinal) || key.Value is "name" or "services" or "volumes" or "secrets" or "configs")
            {
                continue;
            }

            if (ComposeKeys.TopLevelLeftOut.TryGetValue(key.Value, out var reason))
            {
                context.LeaveOut(key, key.Value, reason);
            }
            else if (key.Value == "include")
            {
                context.Refuse(key, key.Value, "not supported by Gantry's import yet: copy the included services into this file");
            }
            else
            {
                context.Refuse(key, key.Value, $"unknown field '{key.Value}'{Suggestions.Hint(key.Value, ComposeKeys.TopLevel)} (extensions start with 'x-')");
            }
        }
    }

    private static string? AppName(YamlMap top, string composeFile, ComposeImportOptions options, ComposeContext context)
    {
        var written = ComposeValues.Text(top.Get("name"));
        var name = written ?? options.ProjectName;
        if (name is null)
        {
            context.Refuse(top, "name", $"the app needs a name: add a top-level 'name:' to {composeFile} (Compose would take the folder's name, which is not known here)");
            return null;
        }

        var label = ComposeValues.Label(name);
        if (written is not null && label != written)
        {
            context.Approximate(top.Get("name")!, "name", $"the app is named '{label}': app names are lowercase DNS labels");
        }

        return label;
    }

    private static List<ServiceDraft> MapServices(YamlMap services, ComposeImportOptions options, ComposeContext context, HashSet<string> leftOut)
    {
        var drafts = new List<ServiceDraft>();
        var workloads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in services.Entries)
        {
            var field = FieldPath.Join("services", key.Value);
            if (value is not YamlMap service)
            {
                context.Refuse(value, field, $"expected a mapping of the service's settings, got {value.Describe()}");
                continue;
            }

            if (Profiles(service) is { Count: > 0 } profiles && !profiles.Any(options.Profiles.Contains))
            {
                context.LeaveOut(key, field, $"in profile {string.Join(", ", profiles)}, which is not selected (--profile {profiles[0]})");
                leftOut.Add(key.Value);
                continue;
            }

            var workload = ComposeValues.Label(key.Value);
            if (!workloads.TryAdd(workload, key.Value))
            {
                context.Refuse(key, field, $"its workload name '{workload}' is taken by service '{workloads[workload]}' already");
                continue;
            }

            var draft = new ServiceDraft(key.Value, workload, field) { At = key };
            ComposeServiceMapper.Map(service, draft, context);
            drafts.Add(draft);
        }

        return drafts;
    }

    private static List<string> Profiles(YamlMap service) =>
        service.Get("profiles") switch
        {
            YamlList list => [.. list.Items.Select(ComposeValues.Text).OfType<string>()],
            YamlScalar { IsNull: false } one => [one.Value],
            _ => [],
        };

    private static OrderedDictionary<string, object?> GantryYaml(string name, List<ServiceDraft> drafts) => new()
    {
        ["name"] = name,
        ["workloads"] = drafts.Select(d =>
        {
            var entry = new OrderedDictionary<string, object?> { ["score"] = d.ScoreFile };
            if (d.Replicas is { } replicas)
            {
                entry["replicas"] = replicas;
            }

            if (d.Build is not null)
            {
                entry["build"] = d.Build;
            }

            if (d.WaitsFor.Count > 0)
            {
                entry["dependsOn"] = d.WaitsFor;
            }

            return (object?)entry;
        }).ToList(),
    };

    private static string Summary(ServiceDraft draft)
    {
        var parts = new List<string> { draft.Build is { } build ? $"built from {build["context"]}" : $"image {draft.Image}" };
        if (draft.RoutedPort is { } port)
        {
            parts.Add($"route to port {port}");
        }

        Count(parts, draft.Variables.Count, "variable");
        Count(parts, draft.Volumes.Count, "volume");
        Count(parts, draft.Files.Count, "file");
        if (draft.ReadinessProbe is not null)
        {
            parts.Add("readiness probe");
        }

        if (draft.Replicas is { } replicas)
        {
            parts.Add($"{replicas} replica{(replicas == 1 ? "" : "s")}");
        }

        return string.Join(", ", parts);
    }

    private static void Count(List<string> parts, int count, string what)
    {
        if (count > 0)
        {
            parts.Add($"{count} {what}{(count == 1 ? "" : "s")}");
        }
    }

    private static string Join(string folder, string file) => folder.Length == 0 ? file : $"{folder}/{file}";
}
