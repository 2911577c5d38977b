using Gantry.AppModel.Loading;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>A service's <c>secrets</c> and <c>configs</c> → files in the container, from a file, a variable or inline content.</summary>
internal static class ComposeSecrets
{
    public static void Map(string key, YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (value is not YamlList list)
        {
            context.Refuse(value, field, $"expected a list of {key}, got {value.Describe()}");
            return;
        }

        var isSecret = key == "secrets";
        var declared = isSecret ? context.Secrets : context.Configs;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var itemField = FieldPath.Index(field, i);
            var (source, target, mode) = item switch
            {
                YamlScalar scalar => (scalar.Value, null, null),
                YamlMap map => (ComposeValues.Text(map.Get("source")), ComposeValues.Text(map.Get("target")), ComposeValues.Text(map.Get("mode"))),
                _ => ((string?)null, (string?)null, (string?)null),
            };
            if (source is null)
            {
                context.Refuse(item, itemField, $"expected a name of the top-level '{key}', or a mapping with 'source'");
                continue;
            }

            if (declared?.Get(source) is not YamlMap definition)
            {
                context.Refuse(item, itemField, $"'{source}' is not defined in the top-level '{key}'");
                continue;
            }

            var folder = isSecret ? "/run/secrets/" : "/";
            var path = target is null ? folder + source : target.StartsWith('/') ? target : folder + target;
            if (FileOf(definition, source, key, item, itemField, context) is { } file)
            {
                if (mode is not null && Patterns.FileMode().IsMatch(mode))
                {
                    file.Insert(0, "mode", mode);
                }

                draft.Files[path] = file;
            }
        }
    }

    /// <summary>The Score file for a top-level definition: its <c>file</c>, <c>environment</c> variable or <c>content</c>.</summary>
    private static OrderedDictionary<string, object?>? FileOf(YamlMap definition, string name, string key, YamlValue at, string field, ComposeContext context)
    {
        if (ComposeValues.Text(definition.Get("file")) is { } file)
        {
            if (context.AppPathOf(file, at, field) is not { } path || !AppPath.TryNormalize(file, out var relative, out _))
            {
                return null;
            }

            if (!context.Files.FileExists(path))
            {
                context.Refuse(definition.Get("file")!, $"{key}.{name}.file", $"file '{file}' not found");
                return null;
            }

            return new OrderedDictionary<string, object?> { ["source"] = relative, ["noExpand"] = true };
        }

        if (ComposeValues.Text(definition.Get("environment")) is { } variable)
        {
            if (context.Variable(variable) is not { } secret)
            {
                context.Refuse(definition.Get("environment")!, $"{key}.{name}.environment", $"variable {variable} is not set in the .env file beside the compose file");
                return null;
            }

            return new OrderedDictionary<string, object?> { ["content"] = secret, ["noExpand"] = true };
        }

        if (ComposeValues.Text(definition.Get("content")) is { } content)
        {
            return new OrderedDictionary<string, object?> { ["content"] = content, ["noExpand"] = true };
        }

        context.Refuse(at, field, $"'{name}' is external or has no 'file', 'environment' or 'content': Gantry cannot find its value");
        return null;
    }
}
