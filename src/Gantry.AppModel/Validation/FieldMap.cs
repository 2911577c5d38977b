using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Validation;

/// <summary>A mapping read against its schema: unknown fields are reported (with a hint) when it is opened.</summary>
internal sealed class FieldMap
{
    // Fields that an unknown field was taken for ("imagee" → "image"): their absence is already explained.
    private readonly HashSet<string> _suggested = new(StringComparer.Ordinal);

    private FieldMap(YamlMap node, string path, FileErrors errors)
    {
        Node = node;
        Path = path;
        Errors = errors;
    }

    public YamlMap Node { get; }

    public string Path { get; }

    public FileErrors Errors { get; }

    /// <summary>Opens <paramref name="value"/> as a mapping with <paramref name="knownFields"/> (null: any field); null when it is not a mapping.</summary>
    public static FieldMap? Open(YamlValue? value, string path, FileErrors errors, IReadOnlyList<string>? knownFields)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not YamlMap map)
        {
            var what = path.Length == 0 ? "the file must be a mapping of fields" : "expected a mapping";
            errors.Add(value, path, $"{what}, got {value.Describe()}");
            return null;
        }

        var result = new FieldMap(map, path, errors);
        if (knownFields is not null)
        {
            foreach (var entry in map.Entries.Where(e => !knownFields.Contains(e.Key.Value)))
            {
                var suggestion = Suggestions.Closest(entry.Key.Value, knownFields);
                var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
                errors.Add(entry.Key, FieldPath.Join(path, entry.Key.Value), $"unknown field '{entry.Key.Value}'{hint}");
                if (suggestion is not null)
                {
                    result._suggested.Add(suggestion);
                }
            }
        }

        return result;
    }

    public YamlValue? Get(string key) => Node.Get(key);

    /// <summary>The value of a required field; a missing one is reported at this mapping.</summary>
    public YamlValue? Required(string key)
    {
        var value = Node.Get(key);
        if (value is null && !_suggested.Contains(key))
        {
            Errors.Add(Node, FieldOf(key), $"missing required field '{key}'");
        }

        return value;
    }

    public string FieldOf(string key) => FieldPath.Join(Path, key);
}
