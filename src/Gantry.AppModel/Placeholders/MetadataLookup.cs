using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Placeholders;

/// <summary>Resolves <c>${metadata.KEY}</c> placeholders, including nested keys such as <c>${metadata.annotations.KEY}</c>.</summary>
internal static class MetadataLookup
{
    public static PlaceholderResolution Resolve(YamlMap? metadata, PlaceholderReference reference)
    {
        if (metadata is null)
        {
            return PlaceholderResolution.Silent;
        }

        if (reference.Parts.Length < 2)
        {
            return PlaceholderResolution.Fail("'${metadata}' needs a field, for example '${metadata.name}'");
        }

        YamlValue current = metadata;
        var path = "metadata";
        var i = 1;
        while (i < reference.Parts.Length)
        {
            if (current is not YamlMap map)
            {
                return PlaceholderResolution.Fail($"'{path}' is {current.Describe()}, it has no field '{reference.Parts[i]}'");
            }

            // Keys may contain dots (annotation keys like 'example.com/owner'): try the shortest run of parts that names a key.
            var (entry, used) = FindKey(map, reference, i);
            if (entry is null)
            {
                var missing = reference.Parts[i];
                return PlaceholderResolution.Fail(
                    $"unknown placeholder: '{path}' has no field '{missing}'{Suggestions.Hint(missing, map.Entries.Select(e => e.Key.Value))}");
            }

            current = entry.Value;
            path = FieldPath.Join(path, entry.Key.Value);
            i += used;
        }

        return current is YamlScalar { IsNull: false } scalar
            ? PlaceholderResolution.Of(scalar.Value)
            : PlaceholderResolution.Fail($"'{path}' is {current.Describe()}; a placeholder must name a single value");
    }

    private static (YamlEntry? Entry, int Used) FindKey(YamlMap map, PlaceholderReference reference, int start)
    {
        var key = reference.Parts[start];
        for (var end = start; end < reference.Parts.Length; end++)
        {
            if (end > start)
            {
                key = $"{key}.{reference.Parts[end]}";
            }

            if (map.Find(key) is { } entry)
            {
                return (entry, end - start + 1);
            }
        }

        return (null, 0);
    }
}
