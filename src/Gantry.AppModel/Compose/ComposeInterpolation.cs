using System.Text;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>
/// Compose's variable interpolation in values: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+alternative}</c>, <c>${VAR+alternative}</c> (nested in the
/// defaults too) and <c>$$</c> for a literal <c>$</c>. Variables come from the project's <c>.env</c> file; an unset
/// one is an empty string, with a warning, as Compose does.
/// </summary>
internal sealed class ComposeInterpolation(IReadOnlyDictionary<string, string> variables, FileErrors errors)
{
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    /// <summary>The tree with every value interpolated; a value that becomes empty is the empty string (not null), as in Compose.</summary>
    public YamlValue Apply(YamlValue node, string path = "") => node switch
    {
        YamlScalar scalar when scalar.Value.Contains('$') =>
            Interpolate(scalar.Value, scalar, path) is { } text ? new YamlScalar(text, scalar.IsPlain && text.Length > 0, null, scalar.Line, scalar.Column) : scalar,
        YamlMap map => new YamlMap([.. map.Entries.Select(e => new YamlEntry(e.Key, Apply(e.Value, FieldPath.Join(path, e.Key.Value))))], map.Line, map.Column),
        YamlList list => new YamlList([.. list.Items.Select((item, i) => Apply(item, FieldPath.Index(path, i)))], list.Line, list.Column),
        _ => node,
    };

    /// <summary>The text with its variables replaced; null after reporting a malformed expression or a required variable.</summary>
    public string? Interpolate(string text, YamlValue at, string field)
    {
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var end = ClosingBrace(text, i + 2);
                if (end < 0)
                {
                    errors.Add(at, field, $"invalid interpolation: '{text}' has a '${{' that is never closed");
                    return null;
                }

                if (Expand(text[(i + 2)..end], at, field) is not { } value)
                {
                    return null;
                }

                result.Append(value);
                i = end + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNamePart(text[end]))
                {
                    end++;
                }

                result.Append(Lookup(text[(i + 1)..end], at, field) ?? "");
                i = end;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    private string? Expand(string expression, YamlValue at, string field)
    {
        var nameEnd = 0;
        while (nameEnd < expression.Length && (nameEnd == 0 ? IsNameStart(expression[nameEnd]) : IsNamePart(expression[nameEnd])))
        {
            nameEnd++;
        }

        var name = expression[..nameEnd];
        var rest = expression[nameEnd..];
        if (name.Length == 0)
        {
            errors.Add(at, field, $"invalid interpolation: '${{{expression}}}' does not start with a variable name");
            return null;
        }

        variables.TryGetValue(name, out var value);
        if (rest.Length == 0)
        {
            return Lookup(name, at, field) ?? "";
        }

        var emptyCounts = rest.StartsWith(':');
        var operation = emptyCounts ? rest[1..] : rest;
        if (operation.Length == 0 || operation[0] is not ('-' or '?' or '+'))
        {
            errors.Add(at, field, $"invalid interpolation: '${{{expression}}}': after the name comes '}}', ':-', '-', ':?', '?', ':+' or '+'");
            return null;
        }

        var isSet = value is not null && (!emptyCounts || value.Length > 0);
        var argument = operation[1..];
        switch (operation[0])
        {
            case '-':
                return isSet ? value : Interpolate(argument, at, field);
            case '+':
                return isSet ? Interpolate(argument, at, field) : "";
            default:
                if (isSet)
                {
                    return value;
                }

                var reason = Interpolate(argument, at, field);
                errors.Add(at, field, $"variable {name} is required{(string.IsNullOrEmpty(reason) ? "" : $": {reason}")} (set it in the .env file beside the compose file)");
                return null;
        }
    }

    private string? Lookup(string name, YamlValue at, string field)
    {
        if (variables.TryGetValue(name, out var value))
        {
            return value;
        }

        if (_warned.Add(name))
        {
            errors.Warn(at, field, $"variable {name} is not set: an empty string is used (set it in the .env file beside the compose file)");
        }

        return null;
    }

    /// <summary>The index of the '}' closing a '${' whose content starts at <paramref name="start"/>, nested braces counted; -1 if none.</summary>
    private static int ClosingBrace(string text, int start)
    {
        var depth = 1;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNameStart(char c) => c is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static bool IsNamePart(char c) => IsNameStart(c) || c is >= '0' and <= '9';
}
