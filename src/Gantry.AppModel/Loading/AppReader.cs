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

        if (GantryFileParser.Parse(root, entryErrors) is not { } app)
        {
            return null;
        }

        var workloads = ReadWorkloads(app, AppPath.FolderOf(entry), entryErrors);
        CheckUniqueNames(workloads);
        return AppResolver.Resolve(app.Name, workloads, files, errors, options) with { EntryFile = entry, MaxConcurrentRequests = app.MaxConcurrentRequests, Backups = app.Backups };
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
                });
            }
        }

        return workloads;
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
