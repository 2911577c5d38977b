namespace Gantry.AppModel.Yaml;

/// <summary>A YAML sequence.</summary>
internal sealed class YamlList(IReadOnlyList<YamlValue> items, int line, int column) : YamlValue(line, column)
{
    public IReadOnlyList<YamlValue> Items { get; } = items;

    public override string Describe() => "a list";
}
