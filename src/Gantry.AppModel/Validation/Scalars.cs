using System.Collections.Immutable;
using System.Globalization;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Validation;

/// <summary>
/// Reads typed scalars. Strings accept any non-null scalar as written (so <c>PORT: 8080</c> is the text
/// "8080"); integers and booleans must be plain, unquoted YAML values. Null input means "field absent".
/// </summary>
internal static class Scalars
{
    public static YamlScalar? String(YamlValue? value, string field, FileErrors errors)
    {
        switch (value)
        {
            case null:
                return null;
            case YamlScalar { IsNull: false } scalar:
                return scalar;
            case YamlScalar:
                errors.Add(value, field, "expected a string, but the field has no value");
                return null;
            default:
                errors.Add(value, field, $"expected a string, got {value.Describe()}");
                return null;
        }
    }

    /// <summary>A string of at least one character.</summary>
    public static YamlScalar? NonEmptyString(YamlValue? value, string field, FileErrors errors)
    {
        var scalar = String(value, field, errors);
        if (scalar is { Value.Length: 0 })
        {
            errors.Add(scalar, field, "must not be empty");
            return null;
        }

        return scalar;
    }

    public static int? Integer(YamlValue? value, string field, FileErrors errors, int min, int max)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalar { IsInteger: true } scalar)
        {
            var quoted = value is YamlScalar { IsExplicitString: true } s && long.TryParse(s.Value, CultureInfo.InvariantCulture, out _)
                ? " (remove the quotes)"
                : "";
            errors.Add(value, field, $"expected a number, got {value.Describe()}{quoted}");
            return null;
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            || number < min || number > max)
        {
            errors.Add(scalar, field, $"must be between {min} and {max}, got {scalar.Value}");
            return null;
        }

        return (int)number;
    }

    public static bool? Boolean(YamlValue? value, string field, FileErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalar { IsBoolean: true } scalar)
        {
            errors.Add(value, field, $"expected true or false, got {value.Describe()}");
            return null;
        }

        return scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A list of strings; the items keep their nodes so placeholders in them can be located.</summary>
    public static ImmutableArray<YamlScalar>? StringList(YamlValue? value, string field, FileErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not YamlList list)
        {
            errors.Add(value, field, $"expected a list of strings, got {value.Describe()}");
            return null;
        }

        var items = ImmutableArray.CreateBuilder<YamlScalar>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (String(list.Items[i], FieldPath.Index(field, i), errors) is { } item)
            {
                items.Add(item);
            }
        }

        return items.ToImmutable();
    }

    /// <summary>A string from a fixed set of values, compared exactly as the schema does.</summary>
    public static string? OneOf(YamlValue? value, string field, FileErrors errors, params string[] allowed)
    {
        var scalar = String(value, field, errors);
        if (scalar is null)
        {
            return null;
        }

        if (!allowed.Contains(scalar.Value, StringComparer.Ordinal))
        {
            errors.Add(scalar, field, $"must be one of {string.Join(", ", allowed)}, got '{scalar.Value}'{Suggestions.Hint(scalar.Value, allowed)}");
            return null;
        }

        return scalar.Value;
    }
}
