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
                ? AppResolver.Resolve(score.Name, [new LoadedWorkload(score, null, RolloutSpec.Default)], [], files, errors, options) with { EntryFile = entry }
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

        var folder = AppPath.FolderOf(entry);
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        var workloads = ReadWorkloads(app, folder, entryErrors, listed);
        var jobScores = app.Jobs.Where(j => j.ScoreNode is not null)
            .Select(j => (Job: j, Score: ReadScore(folder, j.ScoreNode!, j.Field, entryErrors, listed)))
            .Where(j => j.Score is not null).ToDictionary(j => j.Job.Spec.Name, j => j.Score!, StringComparer.Ordinal);
        CheckUniqueNames([.. workloads.Select(w => w.Score), .. jobScores.Values]);
        if (workloads.Count == app.Workloads.Length)
        {
            workloads = WorkloadDependencies.Resolve(app.Workloads, workloads, entryErrors);
        }

        // A workload whose Score file did not load has no name here: a job naming it is not checked, not wrongly refused.
        var jobs = JobWorkloads.Check(app.Jobs, jobScores, workloads.Count == app.Workloads.Length ? workloads : null, errors, entryErrors);
        return AppResolver.Resolve(app.Name, workloads, jobs, files, errors, options) with
        {
            EntryFile = entry, MaxConcurrentRequests = app.MaxConcurrentRequests, Backups = app.Backups,
        };
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

    private List<LoadedWorkload> ReadWorkloads(GantryAppFile app, string folder, FileErrors entryErrors, Dictionary<string, string> listed)
    {
        var workloads = new List<LoadedWorkload>();
        foreach (var workload in app.Workloads)
        {
            if (ReadScore(folder, workload.Score, workload.Field, entryErrors, listed) is { } score)
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

    /// <summary>The Score file a gantry.yaml entry (<paramref name="owner"/>) names, once: <paramref name="listed"/> holds those read so far.</summary>
    private ScoreWorkload? ReadScore(string folder, YamlScalar node, string owner, FileErrors entryErrors, Dictionary<string, string> listed)
    {
        var field = FieldPath.Join(owner, "score");
        if (!AppPath.TryCombine(folder, node.Value, out var path, out var problem))
        {
            entryErrors.Add(node, field, problem);
            return null;
        }

        if (!listed.TryAdd(path, owner))
        {
            entryErrors.Add(node, field, $"'{path}' is already listed as {listed[path]}");
            return null;
        }

        var scoreErrors = errors.For(path);
        return ReadYaml(path, scoreErrors, (entryErrors, node, field)) is { } root ? ScoreParser.Parse(root, scoreErrors) : null;
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

    /// <summary>Names of workloads, jobs' own among them: resources and logs are kept by workload name.</summary>
    private void CheckUniqueNames(List<ScoreWorkload> scores)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var score in scores.Where(s => s.NameNode is not null))
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
