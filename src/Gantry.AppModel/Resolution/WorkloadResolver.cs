using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Resources;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Resolution;

/// <summary>Resolves one Score workload: placeholders expanded, file sources found, resources provisioned.</summary>
internal static class WorkloadResolver
{
    public static (WorkloadSpec Spec, List<(RouteSpec Route, ScoreResource Resource)> Routes) Resolve(
        LoadedWorkload loaded, WorkloadScope scope, IAppFiles files)
    {
        var score = loaded.Score;
        var routes = new List<(RouteSpec, ScoreResource)>();
        foreach (var resource in score.Resources)
        {
            switch (resource.Type)
            {
                case null:
                    break;
                case ResourceTypes.Dns:
                    scope.DnsHost(resource);
                    break;
                case ResourceTypes.ServicePort:
                    scope.ServicePortOf(resource);
                    break;
                case ResourceTypes.S3 when scope.ObjectStorage is { HasEndpoint: false }:
                    // No endpoint: the platform's s3 definition serves it (the built-in one runs MinIO on the container runtime).
                    goto default;
                case ResourceTypes.Volume or ResourceTypes.Environment or ResourceTypes.S3:
                    // No parameters (a volume's size, class…): say so rather than ignore them.
                    FieldMap.Open(resource.Params, FieldPath.Join(resource.Field, "params"), scope.Errors, []);
                    break;
                case ResourceTypes.Route:
                    if (RouteResolver.Resolve(resource, scope) is { } route)
                    {
                        routes.Add((route with { Policy = loaded.RoutePolicies.GetValueOrDefault(resource.Name) }, resource));
                    }

                    break;
                default:
                    if (scope.DefinitionOf(resource) is not null)
                    {
                        scope.Provisioned(resource);
                    }
                    else if (scope.Provisioners.FindRefused(resource.Type, resource.Class) is { } refused)
                    {
                        scope.Errors.Add(resource.TypeNode!, FieldPath.Join(resource.Field, "type"),
                            $"resource type '{resource.Type}' cannot be provisioned: {refused.Reason}");
                    }
                    else if (scope.Provisioners.ClassesOf(resource.Type).ToList() is { Count: > 0 } classes)
                    {
                        scope.Errors.Add(resource.Body.Get("class") ?? resource.Key, FieldPath.Join(resource.Field, "class"),
                            $"resource type '{resource.Type}' has no class '{resource.Class}' on this platform; its classes: {string.Join(", ", classes)}"
                            + Suggestions.Hint(resource.Class ?? "", classes));
                    }
                    else if (resource.Type == ResourceTypes.S3)
                    {
                        scope.Errors.Add(resource.TypeNode!, FieldPath.Join(resource.Field, "type"),
                            "resource type 's3' needs the platform's S3-compatible endpoint (start Gantry with --s3-endpoint URL and its credentials) "
                            + "or an s3 provisioner definition (docs/resources.md)");
                    }
                    else if (!scope.ExternalResources)
                    {
                        var known = ResourceTypes.Supported.Concat(scope.Provisioners.Types).Distinct(StringComparer.Ordinal).ToList();
                        scope.Errors.Add(resource.TypeNode!, FieldPath.Join(resource.Field, "type"),
                            $"resource type '{resource.Type}' has no provisioner on this platform; types: {string.Join(", ", known)}"
                            + Suggestions.Hint(resource.Type, known)
                            + "; a platform adds one with a definition file in DATA/provisioners/ (docs/provisioners.md)");
                    }

                    break;
            }
        }

        var containers = score.Containers.Select(c => ResolveContainer(c, scope, files, loaded.Build)).ToImmutableArray();
        var spec = new WorkloadSpec(
            score.Name,
            score.File,
            loaded.Replicas,
            loaded.Rollout,
            score.Ports,
            containers,
            [.. routes.Select(r => r.Item1)],
            score.Annotations) { CircuitBreaker = loaded.CircuitBreaker, Autoscaling = loaded.Autoscaling, DependsOn = loaded.DependsOn };
        return (spec, routes);
    }

    private static ContainerSpec ResolveContainer(ScoreContainer container, WorkloadScope scope, IAppFiles files, BuildSpec? build)
    {
        var image = container.Image?.Value ?? "";
        var scoreFolder = AppPath.FolderOf(scope.Workload.File);
        var variables = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var secretVariables = ImmutableArray.CreateBuilder<string>();
        foreach (var variable in container.Variables)
        {
            variables[variable.Name] = scope.Expand(variable.Value, variable.Field, out var secret) ?? variable.Value.Value;
            if (secret)
            {
                secretVariables.Add(variable.Name);
            }
        }

        return new ContainerSpec(
            container.Name,
            image,
            image == "." ? build?.Context ?? scoreFolder : null,
            ExpandList(container.Command, FieldPath.Join(container.Field, "command"), scope),
            ExpandList(container.Args, FieldPath.Join(container.Field, "args"), scope),
            variables.ToImmutable(),
            [.. container.Files.Select(f => ResolveFile(f, scoreFolder, scope, files))],
            [.. container.Volumes.Select(v => ResolveVolume(v, scope)).OfType<VolumeMountSpec>()],
            container.Resources,
            container.LivenessProbe,
            container.ReadinessProbe) { SecretVariables = secretVariables.ToImmutable(), Build = image == "." ? build : null };
    }

    /// <summary>A mount of one of the workload's volume resources; anything else is an error at its source.</summary>
    private static VolumeMountSpec? ResolveVolume(ScoreVolume volume, WorkloadScope scope)
    {
        if (scope.Expand(volume.Source, volume.Field) is not { } source)
        {
            return null;
        }

        var volumes = scope.Volumes;
        if (!volumes.Values.Contains(source) && scope.ExternalResources)
        {
            // On a cluster, a source that is no volume resource names an existing PersistentVolumeClaim.
            return Names.CheckLabel(volume.Source, volume.Field, scope.Errors, "volume claim name")
                ? new VolumeMountSpec(volume.Target, source, volume.Path, volume.ReadOnly) { Existing = true }
                : null;
        }

        if (!volumes.Values.Contains(source))
        {
            var declared = volumes.Count == 0
                ? "the workload declares no volume resource; add one (resources: NAME: {type: volume}) and use ${resources.NAME}"
                : $"use one of the workload's volume resources: {string.Join(", ", volumes.Keys.Select(k => "${resources." + k + "}"))}";
            scope.Errors.Add(volume.Source, volume.Field, $"volume source '{volume.Source.Value}' is not a volume resource of this workload; {declared}");
            return null;
        }

        return new VolumeMountSpec(volume.Target, source, volume.Path, volume.ReadOnly);
    }

    /// <summary>Command and args: a secret output has no place there, where every process on the machine can read it.</summary>
    private static ImmutableArray<string> ExpandList(ImmutableArray<YamlScalar> items, string field, WorkloadScope scope) =>
    [
        .. items.Select((item, i) =>
        {
            var value = scope.Expand(item, FieldPath.Index(field, i), out var secret) ?? item.Value;
            if (secret)
            {
                scope.Errors.Add(item, FieldPath.Index(field, i),
                    "a secret output (a password) may not be part of a command line, which every process on the machine can read; pass it in a variable");
            }

            return value;
        }),
    ];

    private static FileSpec ResolveFile(ScoreFile file, string scoreFolder, WorkloadScope scope, IAppFiles files)
    {
        var secret = false;
        var content = file.Content is null ? null
            : file.NoExpand ? file.Content.Value
            : scope.Expand(file.Content, FieldPath.Join(file.Field, "content"), out secret) ?? file.Content.Value;

        string? source = null;
        if (file.Source is { } node)
        {
            source = ResolveSource(node, FieldPath.Join(file.Field, "source"), scoreFolder, scope.Errors, files);
        }

        return new FileSpec(file.Target, file.Mode, content, file.BinaryContent, source, file.NoExpand) { HoldsSecret = secret };
    }

    /// <summary>The source's path relative to the app's folder; Score paths are relative to the Score file's folder.</summary>
    private static string? ResolveSource(YamlScalar node, string field, string scoreFolder, FileErrors errors, IAppFiles files)
    {
        if (!AppPath.TryCombine(scoreFolder, node.Value, out var path, out var problem))
        {
            errors.Add(node, field, problem);
            return null;
        }

        if (files.FileExists(path))
        {
            return path;
        }

        errors.Add(node, field, files.DirectoryExists(path)
            ? $"'{path}' is a folder; a file source must be a file"
            : $"file '{node.Value}' not found (looked for '{path}' in the app's folder)");
        return null;
    }
}
