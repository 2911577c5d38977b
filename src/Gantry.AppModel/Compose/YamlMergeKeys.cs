using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>
/// YAML 1.1 merge keys (<c>&lt;&lt;: *defaults</c>, <c>&lt;&lt;: [*a, *b]</c>), which Compose files use with
/// <c>x-</c> anchors: the merged mappings' entries are added where the mapping has no key of that name, and of
/// several merged mappings the first wins. Only Compose files get them; gantry.yaml and Score files are YAML 1.2.
/// </summary>
internal static class YamlMergeKeys
{
    private const string MergeKey = "<<";

    public static YamlValue Apply(YamlValue node, FileErrors errors, string path = "") => node switch
    {
        YamlMap map => ApplyToMap(map, errors, path),
        YamlList list => new YamlList([.. list.Items.Select((item, i) => Apply(item, errors, FieldPath.Index(path, i)))], list.Line, list.Column),
        _ => node,
    };

    private static YamlMap ApplyToMap(YamlMap map, FileErrors errors, string path)
    {
        var entries = new List<YamlEntry>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<YamlMap>();
        foreach (var entry in map.Entries)
        {
            if (entry.Key.Value == MergeKey && entry.Key.IsPlain)
            {
                merged.AddRange(Sources(entry.Value, errors, path));
                continue;
            }

            keys.Add(entry.Key.Value);
            entries.Add(new YamlEntry(entry.Key, Apply(entry.Value, errors, FieldPath.Join(path, entry.Key.Value))));
        }

        foreach (var source in merged)
        {
            foreach (var entry in ApplyToMap(source, errors, path).Entries.Where(e => keys.Add(e.Key.Value)))
            {
                entries.Add(entry);
            }
        }

        return new YamlMap(entries, map.Line, map.Column);
    }

    private static IEnumerable<YamlMap> Sources(YamlValue value, FileErrors errors, string path)
    {
        var items = value is YamlList list ? list.Items : [value];
        foreach (var item in items)
        {
            if (item is YamlMap map)
            {
                yield return map;
            }
            else
            {
                errors.Add(item, FieldPath.Join(path, MergeKey), $"a merge key takes a mapping or a list of mappings, not {item.Describe()}");
            }
        }
    }
}
