using System.Collections.Immutable;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Score;

/// <summary>Validates one entry of a Score workload's <c>containers</c>.</summary>
internal static class ScoreContainerParser
{
    private static readonly string[] ContainerFields =
        ["image", "command", "args", "variables", "files", "volumes", "before", "resources", "livenessProbe", "readinessProbe"];

    private static readonly string[] FileFields = ["target", "mode", "source", "content", "binaryContent", "noExpand"];
    private static readonly string[] VolumeFields = ["source", "path", "target", "readOnly"];
    private static readonly string[] FileContentFields = ["content", "binaryContent", "source"];

    public static ScoreContainer? Parse(string name, YamlValue body, string field, FileErrors errors)
    {
        if (FieldMap.Open(body, field, errors, ContainerFields) is not { } container)
        {
            return null;
        }

        var image = Scalars.NonEmptyString(container.Required("image"), container.FieldOf("image"), errors);
        if (image is not null && ImageReference.Problem(image.Value) is { } problem)
        {
            errors.Add(image, container.FieldOf("image"), problem);
        }

        var command = Scalars.StringList(container.Get("command"), container.FieldOf("command"), errors) ?? [];
        var args = Scalars.StringList(container.Get("args"), container.FieldOf("args"), errors) ?? [];
        var variables = ReadVariables(container, errors);
        var files = ReadFiles(container, errors);
        var volumes = ReadVolumes(container, errors);
        ReadBefore(container, errors);
        var resources = ScoreComputeParser.Parse(container.Get("resources"), container.FieldOf("resources"), errors);
        var liveness = ScoreProbeParser.Parse(container.Get("livenessProbe"), container.FieldOf("livenessProbe"), errors);
        var readiness = ScoreProbeParser.Parse(container.Get("readinessProbe"), container.FieldOf("readinessProbe"), errors);

        return new ScoreContainer(name, field, image, command, args, variables, files, volumes, resources, liveness, readiness);
    }

    private static ImmutableArray<ScoreVariable> ReadVariables(FieldMap container, FileErrors errors)
    {
        if (FieldMap.Open(container.Get("variables"), container.FieldOf("variables"), errors, knownFields: null) is not { } variables)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<ScoreVariable>();
        foreach (var (key, value) in variables.Node.Entries)
        {
            var field = variables.FieldOf(key.Value);
            var nameValid = key.Value.Length > 0 && !key.Value.Contains('=', StringComparison.Ordinal);
            if (!nameValid)
            {
                errors.Add(key, field, $"variable name '{key.Value}' is not valid: it must not be empty or contain '='");
            }

            if (Scalars.String(value, field, errors) is { } text && nameValid)
            {
                result.Add(new ScoreVariable(key.Value, field, text));
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<ScoreFile> ReadFiles(FieldMap container, FileErrors errors)
    {
        var result = ImmutableArray.CreateBuilder<ScoreFile>();
        foreach (var (target, field, file) in TargetEntries(container, "files", "content: ...", FileFields, errors))
        {
            var mode = Scalars.String(file.Get("mode"), file.FieldOf("mode"), errors);
            if (mode is not null && !Patterns.FileMode().IsMatch(mode.Value))
            {
                errors.Add(mode, file.FieldOf("mode"), $"mode '{mode.Value}' is not valid: use an octal mode such as 0644 (quote it: \"0644\")");
            }

            var present = FileContentFields.Where(f => file.Get(f) is not null).ToList();
            if (present.Count != 1)
            {
                errors.Add(file.Node, field, present.Count == 0
                    ? "a file needs one of content, binaryContent or source"
                    : $"a file takes only one of content, binaryContent or source; this one has {string.Join(" and ", present)}");
            }

            var content = Scalars.String(file.Get("content"), file.FieldOf("content"), errors);
            var binary = Scalars.String(file.Get("binaryContent"), file.FieldOf("binaryContent"), errors);
            var source = Scalars.NonEmptyString(file.Get("source"), file.FieldOf("source"), errors);
            var noExpand = Scalars.Boolean(file.Get("noExpand"), file.FieldOf("noExpand"), errors) ?? false;
            result.Add(new ScoreFile(target, field, mode?.Value, content, binary?.Value, source, noExpand));
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<ScoreVolume> ReadVolumes(FieldMap container, FileErrors errors)
    {
        var result = ImmutableArray.CreateBuilder<ScoreVolume>();
        foreach (var (target, _, volume) in TargetEntries(container, "volumes", "source: ...", VolumeFields, errors))
        {
            var source = Scalars.String(volume.Required("source"), volume.FieldOf("source"), errors);
            var path = Scalars.String(volume.Get("path"), volume.FieldOf("path"), errors);
            var readOnly = Scalars.Boolean(volume.Get("readOnly"), volume.FieldOf("readOnly"), errors) ?? false;
            if (source is not null)
            {
                result.Add(new ScoreVolume(target, volume.FieldOf("source"), source, path?.Value, readOnly));
            }
        }

        return result.ToImmutable();
    }

    private static void ReadBefore(FieldMap container, FileErrors errors)
    {
        if (FieldMap.Open(container.Get("before"), container.FieldOf("before"), errors, knownFields: null) is not { } before)
        {
            return;
        }

        foreach (var (key, value) in before.Node.Entries)
        {
            var field = before.FieldOf(key.Value);
            Names.CheckLabel(key, field, errors, "container name");
            if (FieldMap.Open(value, field, errors, ["ready"]) is { } entry)
            {
                Scalars.OneOf(entry.Required("ready"), entry.FieldOf("ready"), errors, "started", "healthy", "complete");
            }
        }
    }

    /// <summary>
    /// The entries of files or volumes with their target paths: the map form (target path → entry), or the list form
    /// Score deprecated (entries with a 'target' field), still accepted as Score accepts it, with a warning.
    /// </summary>
    private static List<(string Target, string Field, FieldMap Entry)> TargetEntries(
        FieldMap container, string key, string example, string[] fields, FileErrors errors)
    {
        var result = new List<(string, string, FieldMap)>();
        if (container.Get(key) is YamlList list)
        {
            errors.Warn(list, container.FieldOf(key),
                $"the list form of '{key}' is deprecated in Score; write a map from target path to entry, for example '{key}: {{ /path/in/container: {{ {example} }} }}'");
            for (var i = 0; i < list.Items.Count; i++)
            {
                var field = FieldPath.Index(container.FieldOf(key), i);
                if (FieldMap.Open(list.Items[i], field, errors, fields) is { } entry
                    && Scalars.String(entry.Required("target"), entry.FieldOf("target"), errors) is { } target
                    && CheckTarget(target, entry.FieldOf("target"), errors))
                {
                    result.Add((target.Value, field, entry));
                }
            }

            return result;
        }

        if (FieldMap.Open(container.Get(key), container.FieldOf(key), errors, knownFields: null) is not { } map)
        {
            return result;
        }

        foreach (var (target, value) in map.Node.Entries)
        {
            var field = map.FieldOf(target.Value);
            var targetValid = CheckTarget(target, field, errors);
            if (FieldMap.Open(value, field, errors, fields) is { } entry && targetValid)
            {
                RejectTargetField(entry, errors);
                result.Add((target.Value, field, entry));
            }
        }

        return result;
    }

    private static bool CheckTarget(YamlScalar key, string field, FileErrors errors)
    {
        if (key.Value.Length == 0)
        {
            errors.Add(key, field, "the target path must not be empty");
            return false;
        }

        return true;
    }

    private static void RejectTargetField(FieldMap entry, FileErrors errors)
    {
        if (entry.Node.Find("target") is { } target)
        {
            errors.Add(target.Key, entry.FieldOf("target"), "'target' belongs to the deprecated list form; in the map form the key is the target path");
        }
    }
}
