namespace Gantry.AppModel.Yaml;

/// <summary>A YAML node with the position it starts at, so every error can point at its source.</summary>
internal abstract class YamlValue(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>What the node is, worded for error messages: "a mapping", "a list", "a string".</summary>
    public abstract string Describe();
}
