using System.Collections.Immutable;
using Gantry.AppModel.Compose;
using Gantry.AppModel.GantryFile;
using Gantry.AppModel.Resolution;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Loading;

/// <summary>Reads the entry file and the Score files it names, then hands them to <see cref="AppResolver"/>.</summary>
internal sealed class AppReader(IAppFiles files, ErrorList errors, AppLoadOptions options)
{
    // App files are small; refusing huge ones keeps a stray upload from exhausting memory.
    public const int MaxFileLength = 1024 * 1024;

    public AppSpec? Read(string entryPath)
    {
        if (!AppPath.TryNormalize(entryPath, out var entry, out var problem))
        {
            errors.Add(new SpecError(entryPath, 1, 1, "", problem));
            return null;
        }

        var entryErrors = errors.For(entry);
        if (ReadYaml(entry, entryErrors, null) is not { } root)
        {
            return null;
        }

        if (IsScore(root))
        {
            return ScoreParser.Parse(root, entryErrors) is { } score
                ? AppResolver.Resolve(score.Name, [new LoadedWorkload(score, null, RolloutSpec.Default)], files, errors, options) with { EntryFile = entry }
                : null;
        }

        if (ComposeImporter.IsCompose(root))
        {
            return ReadCompose(entry, root);
        }

        if (GantryFileParser.Parse(root, entryErrors) is not { } app)
        {
            return null;
        }

        var workloads = ReadWorkloads(app, AppPath.FolderOf(entry), entryErrors);
        CheckUniqueNames(workloads);
        if (workloads.Count == app.Workloads.Length)
        {
            workloads = WorkloadDependencies.Resolve(app.Workloads, workloads, entryErrors);
        }

        // A workload whose Score file did not load has no name here: a job naming it is not checked, not wrongly refused.
        var jobs = workloads.Count == app.Workloads.Length ? CheckJobWorkloads(app.Jobs, workloads, entryErrors) : [.. app.Jobs.Select(j => j.Spec)];
        return AppResolver.Resolve(app.Name, workloads, files, errors, options) with
        {
            EntryFile = entry, MaxConcurrentRequests = app.MaxConcurrentRequests, Backups = app.Backups, Jobs = jobs,
        };
    }

    /// <summary>A job runs one of the app's workloads' images: the name must be one of them.</summary>
    private static ImmutableArray<JobSpec> CheckJobWorkloads(
        ImmutableArray<GantryJob> jobs, List<LoadedWorkload> workloads, FileErrors errors)
    {
        var names = workloads.Select(w => w.Score.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var job in jobs.Where(j => !names.Contains(j.Spec.Workload)))
        {
            errors.Add(job.WorkloadNode, FieldPath.Join(job.Field, "workload"),
                $"'{job.Spec.Workload}' is not a workload of this app; its workloads: {string.Join(", ", names.Order(StringComparer.Ordinal))}" + Suggestions.Hint(job.Spec.Workload, names));
        }

        return [.. jobs.Select(j => j.Spec)];
    }

    /// <summary>A compose file is imported in memory (its notes become warnings) and its gantry.yaml read as if written beside it.</summary>
    private AppSpec? ReadCompose(string entry, YamlValue root)
    {
        if (ComposeImporter.Import(files, entry, root, errors, options.Compose) is not { } import)
        {
            return null;
        }

        var app = new AppReader(new OverlayAppFiles(files, import.Files), errors, options).Read(import.EntryFile);
        return app is null ? null : app with { EntryFile = entry, ComposeImport = options.Compose with { ProjectName = import.AppName } };
    }

    /// <summary>
    /// A Score file says so with its apiVersion; a document with <c>containers</c> is taken as a Score file too,
    /// so a wrong or missing apiVersion is reported as such rather than as unknown gantry.yaml fields.
    /// </summary>
    private static bool IsScore(YamlValue root) =>
        root is YamlMap map
        && ((map.Get("apiVersion") is YamlScalar version && version.Value.StartsWith("score.dev/", StringComparison.Ordinal))
            || map.Get("containers") is not null);

    private List<LoadedWorkload> ReadWorkloads(GantryAppFile app, string folder, FileErrors entryErrors)
    {
        var workloads = new List<LoadedWorkload>();
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var workload in app.Workloads)
        {
            var field = FieldPath.Join(workload.Field, "score");
            if (!AppPath.TryCombine(folder, workload.Score.Value, out var path, out var problem))
            {
                entryErrors.Add(workload.Score, field, problem);
                continue;
            }

            if (!listed.TryAdd(path, workload.Field))
            {
                entryErrors.Add(workload.Score, field, $"'{path}' is already listed as {listed[path]}");
                continue;
            }

            var scoreErrors = errors.For(path);
            if (ReadYaml(path, scoreErrors, (entryErrors, workload.Score, field)) is { } root
                && ScoreParser.Parse(root, scoreErrors) is { } score)
            {
                // One machine does not autoscale: it runs the minimum unless replicas says otherwise.
                workloads.Add(new LoadedWorkload(score, workload.Replicas ?? workload.Autoscaling?.MinReplicas, workload.Rollout)
                {
                    Autoscaling = workload.Autoscaling,
                    RoutePolicies = RoutePolicyLoader.Load(workload.RoutePolicies, score, folder, files, entryErrors),
                    CircuitBreaker = workload.CircuitBreaker,
                    Build = ResolveBuild(workload, score, folder, entryErrors),
                });
            }
        }

        return workloads;
    }

    /// <summary>The build's folder and Containerfile, relative to the app's root; they must exist, and the workload must build.</summary>
    private BuildSpec? ResolveBuild(GantryWorkload workload, ScoreWorkload score, string folder, FileErrors entryErrors)
    {
        if (workload.Build is not { } build)
        {
            return null;
        }

        var field = FieldPath.Join(workload.Field, "build");
        if (!score.Containers.Any(c => c.Image?.Value == "."))
        {
            entryErrors.Add(build.Node, field, $"'{workload.Score.Value}' has no container with 'image: .': a build is for containers built from source");
            return null;
        }

        if (!AppPath.TryCombine(folder, build.Context.Value, out var context, out var problem) || !files.DirectoryExists(context))
        {
            entryErrors.Add(build.Context, FieldPath.Join(field, "context"), problem.Length > 0 ? problem : $"folder '{build.Context.Value}' not found");
            return null;
        }

        if (build.Dockerfile is { } dockerfile)
        {
            if (!AppPath.TryCombine(context, dockerfile.Value, out var path, out problem) || (context.Length > 0 && !path.StartsWith(context + "/", StringComparison.Ordinal)))
            {
                // The engine builds from the folder's files alone: a Containerfile elsewhere is not among them.
                entryErrors.Add(dockerfile, FieldPath.Join(field, "dockerfile"), problem.Length > 0 ? problem : $"'{dockerfile.Value}' is outside the build folder '{build.Context.Value}'");
                return null;
            }

            if (!files.FileExists(path))
            {
                entryErrors.Add(dockerfile, FieldPath.Join(field, "dockerfile"), problem.Length > 0 ? problem : $"'{dockerfile.Value}' not found in the build folder '{build.Context.Value}'");
                return null;
            }

            var inContext = context.Length == 0 ? path : path[(context.Length + 1)..];
            return new BuildSpec(context, inContext, build.Target, build.Args);
        }

        return new BuildSpec(context, null, build.Target, build.Args);
    }

    private void CheckUniqueNames(List<LoadedWorkload> workloads)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var score in workloads.Select(w => w.Score).Where(s => s.NameNode is not null))
        {
            if (!owners.TryAdd(score.Name, score.File))
            {
                errors.For(score.File).Add(score.NameNode!, "metadata.name",
                    $"workload name '{score.Name}' is already used by {owners[score.Name]}; workload names must be unique within the app");
            }
        }
    }

    /// <summary>Reads and parses a file; a missing file is reported where it was named (or at 1:1 of itself for the entry).</summary>
    private YamlValue? ReadYaml(string path, FileErrors fileErrors, (FileErrors Errors, YamlValue At, string Field)? namedBy)
    {
        var text = files.ReadText(path);
        if (text is null)
        {
            var message = files.DirectoryExists(path) ? $"'{path}' is a folder, not a file" : $"file '{path}' not found";
            if (namedBy is { } by)
            {
                by.Errors.Add(by.At, by.Field, message);
            }
            else
            {
                fileErrors.Add(1, 1, "", message);
            }

            return null;
        }

        if (text.Length > MaxFileLength)
        {
            fileErrors.Add(1, 1, "", $"the file is larger than {MaxFileLength / 1024} KiB");
            return null;
        }

        return YamlDocumentReader.Read(text, fileErrors);
    }
}
