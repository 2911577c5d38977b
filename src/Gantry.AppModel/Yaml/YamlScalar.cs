namespace Gantry.AppModel.Yaml;

/// <summary>A scalar as written; its type is resolved by whoever reads it (YAML 1.2 core schema).</summary>
internal sealed class YamlScalar(string value, bool isPlain, string? tag, int line, int column) : YamlValue(line, column)
{
    private const string StringTag = "tag:yaml.org,2002:str";

    public string Value { get; } = value;

    /// <summary>Unquoted and untagged: only such scalars can be null, numbers or booleans.</summary>
    public bool IsPlain { get; } = isPlain && (tag is null || tag == "!");

    public bool IsExplicitString { get; } = !isPlain || tag == StringTag;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public bool IsBoolean => IsPlain && Value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE";

    public bool IsInteger => IsPlain && Value.Length > 0 && IsIntegerText(Value);

    public override string Describe() =>
        IsNull ? "null"
        : IsBoolean ? "a boolean"
        : IsInteger ? "a number"
        : $"the string '{Value}'";

    private static bool IsIntegerText(string text)
    {
        var digits = text[0] is '-' or '+' ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
