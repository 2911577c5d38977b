using Gantry.AppModel.Score;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>Maps one service's keys onto its <see cref="ServiceDraft"/>, noting each key that is not mapped one to one.</summary>
internal static class ComposeServiceMapper
{
    public static void Map(YamlMap service, ServiceDraft draft, ComposeContext context)
    {
        // Compose reads env_file first and lets environment override it, wherever the keys are written.
        if (service.Get("env_file") is { } envFiles)
        {
            ComposeEnvironment.MapEnvFiles(envFiles, FieldPath.Join(draft.Field, "env_file"), draft, context);
        }

        foreach (var (key, value) in service.Entries)
        {
            var field = FieldPath.Join(draft.Field, key.Value);
            switch (key.Value)
            {
                case "image":
                    MapImage(value, field, draft, context);
                    break;
                case "build":
                    ComposeBuild.Map(value, field, draft, context);
                    break;
                case "command":
                    draft.Args = ComposeValues.Command(value, field, context)?.Select(ComposeValues.ForScore).ToList();
                    break;
                case "entrypoint":
                    draft.Command = ComposeValues.Command(value, field, context)?.Select(ComposeValues.ForScore).ToList();
                    break;
                case "environment":
                    ComposeEnvironment.MapEnvironment(value, field, draft, context);
                    break;
                case "ports":
                    ComposePorts.MapPorts(value, field, draft, context);
                    break;
                case "expose":
                    ComposePorts.MapExpose(value, field, draft, context);
                    break;
                case "volumes":
                    ComposeVolumes.Map(value, field, draft, context);
                    break;
                case "healthcheck":
                    ComposeHealthcheck.Map(value, field, draft, context);
                    break;
                case "deploy":
                    ComposeDeploy.Map(value, field, draft, context);
                    break;
                case "scale":
                    ComposeDeploy.MapReplicas(value, field, draft, context);
                    break;
                case "cpus" or "mem_limit" or "mem_reservation":
                    ComposeDeploy.MapAmount(key.Value, value, field, draft, context);
                    break;
                case "restart":
                    MapRestart(value, field, context);
                    break;
                case "depends_on":
                    MapDependsOn(value, field, draft, context);
                    break;
                case "secrets" or "configs":
                    ComposeSecrets.Map(key.Value, value, field, draft, context);
                    break;
                case "tmpfs":
                    context.Approximate(key, field, "no tmpfs is mounted: the files are kept in the instance's own file system");
                    break;
                case "links":
                    context.Approximate(key, field, "links are not made: names of other services in variables are rewired to their addresses");
                    break;
                case "env_file" or "profiles":
                    break;
                default:
                    MapUnmapped(key, field, context);
                    break;
            }
        }

        ComposePorts.ChooseRoute(draft, context);
        if (service.Get("image") is null && service.Get("build") is null)
        {
            context.Refuse(service, draft.Field, "a service needs 'image' or 'build'");
        }
        else if (draft.Image is not null && draft.Build is not null && service.Find("image") is { } image)
        {
            // Compose builds and tags the result with the image's name; Gantry names its builds itself.
            context.Approximate(image.Key, FieldPath.Join(draft.Field, "image"), $"built from 'build', not pulled: the name '{draft.Image}' is not used");
            draft.Image = null;
        }
    }

    private static void MapImage(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (ComposeValues.Text(value) is not { } image)
        {
            context.Refuse(value, field, $"expected an image reference, got {value.Describe()}");
            return;
        }

        var problem = image == "." ? "'.' is not an image; use 'build: .' to build the folder" : ImageReference.Problem(image);
        if (problem is not null)
        {
            context.Refuse(value, field, problem);
            return;
        }

        draft.Image = image;
    }

    private static void MapRestart(YamlValue value, string field, ComposeContext context)
    {
        var policy = ComposeValues.Text(value) ?? "";
        if (policy is "always" or "unless-stopped")
        {
            return;
        }

        if (policy == "no" || policy.StartsWith("on-failure", StringComparison.Ordinal))
        {
            context.Approximate(value, field,
                $"'{policy}': Gantry restarts an instance whenever it exits, as 'always' does; a one-shot task runs again after it finishes");
            return;
        }

        context.Refuse(value, field, $"'{policy}' is not a restart policy: use no, always, on-failure[:N] or unless-stopped");
    }

    /// <summary>Kept as written; <see cref="ComposeWiring.MapDependsOn"/> maps it once every service is known.</summary>
    private static void MapDependsOn(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (value is YamlList list)
        {
            draft.DependsOn.AddRange(list.Items.Where(i => i is YamlScalar).Select(i => (((YamlScalar)i).Value, "service_started", i)));
        }
        else if (value is YamlMap map)
        {
            foreach (var (name, options) in map.Entries)
            {
                var condition = options is YamlMap settings ? ComposeValues.Text(settings.Get("condition")) ?? "service_started" : "service_started";
                draft.DependsOn.Add((name.Value, condition, name));
            }
        }
        else
        {
            context.Refuse(value, field, $"expected a list of services or a mapping of services to conditions, got {value.Describe()}");
        }
    }

    private static void MapUnmapped(YamlScalar key, string field, ComposeContext context)
    {
        if (key.Value.StartsWith("x-", StringComparison.Ordinal))
        {
            return;
        }

        if (ComposeKeys.LeftOut.TryGetValue(key.Value, out var reason))
        {
            context.LeaveOut(key, field, $"not supported by Gantry ({reason})");
        }
        else if (ComposeKeys.Refused.TryGetValue(key.Value, out var refusal))
        {
            context.Refuse(key, field, refusal);
        }
        else
        {
            var known = ComposeKeys.Mapped.Concat(ComposeKeys.LeftOut.Keys).Concat(ComposeKeys.Refused.Keys);
            context.Refuse(key, field, $"unknown field '{key.Value}'{Suggestions.Hint(key.Value, known)} (extensions start with 'x-')");
        }
    }
}
