using Gantry.AppModel.Loading;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary><c>build</c> → gantry.yaml's <c>build</c> (context, dockerfile, target, args) and <c>image: .</c>.</summary>
internal static class ComposeBuild
{
    private static readonly string[] Mapped = ["context", "dockerfile", "target", "args"];

    public static void Map(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        var build = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        YamlValue contextAt = value;
        var folder = ".";
        if (value is YamlScalar { IsNull: false } scalar)
        {
            folder = scalar.Value;
        }
        else if (value is YamlMap map)
        {
            if (map.Find("context") is { } contextEntry)
            {
                contextAt = contextEntry.Value;
                folder = ComposeValues.Text(contextEntry.Value) ?? ".";
            }

            ReadOptions(map, field, build, context);
        }
        else
        {
            context.Refuse(value, field, $"expected a folder or a mapping with 'context', got {value.Describe()}");
            return;
        }

        if (folder.Contains("://", StringComparison.Ordinal) || folder.StartsWith("git@", StringComparison.Ordinal))
        {
            context.Refuse(contextAt, FieldPath.Join(field, "context"), $"'{folder}' is a remote build context, which Gantry does not fetch: clone it beside the compose file and name the folder");
            return;
        }

        if (!AppPath.TryNormalize(folder, out var relative, out var problem) || context.AppPathOf(folder, contextAt, FieldPath.Join(field, "context")) is not { } path)
        {
            context.Refuse(contextAt, FieldPath.Join(field, "context"), problem.Length > 0 ? problem : $"'{folder}' cannot be built");
            return;
        }

        if (!context.Files.DirectoryExists(path))
        {
            context.Refuse(contextAt, FieldPath.Join(field, "context"), $"the build folder '{folder}' does not exist");
            return;
        }

        if (value is YamlMap withFile && withFile.Get("dockerfile") is YamlScalar dockerfile && !InFolder(path, dockerfile.Value, context))
        {
            context.Refuse(dockerfile, FieldPath.Join(field, "dockerfile"), $"'{dockerfile.Value}' is not a file in the build folder '{folder}' (the engine builds from that folder's files alone)");
            return;
        }

        build.Insert(0, "context", relative.Length == 0 ? "." : relative);
        draft.Build = build;
    }

    private static bool InFolder(string folder, string file, ComposeContext context) =>
        AppPath.TryCombine(folder, file, out var path, out _)
        && (folder.Length == 0 || path.StartsWith(folder + "/", StringComparison.Ordinal))
        && context.Files.FileExists(path);

    private static void ReadOptions(YamlMap map, string field, OrderedDictionary<string, object?> build, ComposeContext context)
    {
        foreach (var (key, value) in map.Entries)
        {
            var keyField = FieldPath.Join(field, key.Value);
            switch (key.Value)
            {
                case "context":
                    break;
                case "dockerfile" or "target":
                    if (ComposeValues.Text(value) is { } text)
                    {
                        build[key.Value] = text;
                    }

                    break;
                case "args":
                    if (Args(value, keyField, context) is { Count: > 0 } args)
                    {
                        build["args"] = args;
                    }

                    break;
                case "dockerfile_inline":
                    context.Refuse(key, keyField, "an inline Dockerfile is not supported by Gantry: write it to a file and name it in 'dockerfile'");
                    break;
                default:
                    if (!key.Value.StartsWith("x-", StringComparison.Ordinal))
                    {
                        context.LeaveOut(key, keyField, $"not supported by Gantry's builds ({string.Join(", ", Mapped)} are)");
                    }

                    break;
            }
        }
    }

    /// <summary>Build arguments as a mapping, or as a list of NAME=value (a bare NAME takes no value and is dropped, as Compose does without it in the environment).</summary>
    private static OrderedDictionary<string, object?>? Args(YamlValue value, string field, ComposeContext context)
    {
        var args = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, text, at) in ComposeEnvironment.Pairs(value, field, context))
        {
            if (text is null)
            {
                context.LeaveOut(at, field, $"build argument {name} has no value here and is not passed");
                continue;
            }

            args[name] = text;
        }

        return args;
    }
}
