using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary><c>environment</c> and <c>env_file</c> → the container's <c>variables</c>.</summary>
internal static class ComposeEnvironment
{
    public static void MapEnvironment(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        foreach (var (name, text, at) in Pairs(value, field, context))
        {
            if (text is not null)
            {
                draft.Variables[name] = ComposeValues.ForScore(text);
            }
            else if (context.Variable(name) is { } fromEnv)
            {
                draft.Variables[name] = ComposeValues.ForScore(fromEnv);
            }
            else
            {
                context.LeaveOut(at, FieldPath.Join(field, name), $"{name} takes its value from the shell in Compose; it is not set in the .env file, so it is left out");
            }
        }
    }

    public static void MapEnvFiles(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        var items = value is YamlList list ? list.Items : [value];
        for (var i = 0; i < items.Count; i++)
        {
            var itemField = value is YamlList ? FieldPath.Index(field, i) : field;
            var (path, required) = items[i] switch
            {
                YamlScalar scalar => (scalar.Value, true),
                YamlMap map => (ComposeValues.Text(map.Get("path")), ComposeValues.Text(map.Get("required")) is not "false"),
                _ => (null, true),
            };
            if (path is null)
            {
                context.Refuse(items[i], itemField, "expected a file path, or a mapping with 'path'");
                continue;
            }

            if (context.AppPathOf(path, items[i], itemField) is not { } file)
            {
                continue;
            }

            if (context.Files.ReadText(file) is not { } text)
            {
                if (required)
                {
                    context.Refuse(items[i], itemField, $"env file '{path}' not found (write it, or mark it 'required: false')");
                }
                else
                {
                    context.LeaveOut(items[i], itemField, $"env file '{path}' is not there and not required");
                }

                continue;
            }

            foreach (var (name, variable) in DotEnvFile.Parse(text, context.Errors.List.For(file)))
            {
                draft.Variables[name] = ComposeValues.ForScore(variable);
            }
        }
    }

    /// <summary>NAME/value pairs from a mapping or a list of NAME=value; a value is null where none is given.</summary>
    public static IEnumerable<(string Name, string? Value, YamlValue At)> Pairs(YamlValue value, string field, ComposeContext context)
    {
        if (value is YamlMap map)
        {
            foreach (var (key, item) in map.Entries)
            {
                if (item is YamlScalar scalar)
                {
                    yield return (key.Value, scalar.IsNull ? null : scalar.Value, key);
                }
                else
                {
                    context.Refuse(item, FieldPath.Join(field, key.Value), $"expected a string, number or boolean, got {item.Describe()}");
                }
            }
        }
        else if (value is YamlList list)
        {
            foreach (var item in list.Items)
            {
                if (item is not YamlScalar { IsNull: false } scalar || scalar.Value.Length == 0 || scalar.Value[0] == '=')
                {
                    context.Refuse(item, field, "expected NAME=value");
                    continue;
                }

                var equals = scalar.Value.IndexOf('=');
                yield return equals < 0 ? (scalar.Value, null, scalar) : (scalar.Value[..equals], scalar.Value[(equals + 1)..], scalar);
            }
        }
        else if (value is not YamlScalar { IsNull: true })
        {
            context.Refuse(value, field, $"expected a mapping or a list of NAME=value, got {value.Describe()}");
        }
    }
}
