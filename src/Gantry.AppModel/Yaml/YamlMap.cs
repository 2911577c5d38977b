namespace Gantry.AppModel.Yaml;

/// <summary>A mapping whose keys are strings, in document order; duplicates were reported and dropped while reading.</summary>
internal sealed class YamlMap(IReadOnlyList<YamlEntry> entries, int line, int column) : YamlValue(line, column)
{
    public IReadOnlyList<YamlEntry> Entries { get; } = entries;

    public YamlEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }

        return null;
    }

    public YamlValue? Get(string key) => Find(key)?.Value;

    public override string Describe() => "a mapping";
}

/// <summary>One key and its value.</summary>
internal sealed record YamlEntry(YamlScalar Key, YamlValue Value);
