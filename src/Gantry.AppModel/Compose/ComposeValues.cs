using System.Text;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>Reading Compose's loose values: a scalar as text, "a string or a list", shell words.</summary>
internal static class ComposeValues
{
    public static string? Text(YamlValue? value) => value is YamlScalar { IsNull: false } scalar ? scalar.Value : null;

    /// <summary>A scalar or a list of scalars as strings; null (after reporting) for anything else.</summary>
    public static List<(string Text, YamlValue At)>? Strings(YamlValue value, string field, ComposeContext context)
    {
        if (value is YamlScalar scalar)
        {
            return scalar.IsNull ? [] : [(scalar.Value, scalar)];
        }

        if (value is YamlList list)
        {
            var result = new List<(string, YamlValue)>();
            foreach (var item in list.Items)
            {
                if (item is YamlScalar text)
                {
                    result.Add((text.Value, text));
                }
                else
                {
                    context.Refuse(item, field, $"expected a string, got {item.Describe()}");
                }
            }

            return result;
        }

        context.Refuse(value, field, $"expected a string or a list of strings, got {value.Describe()}");
        return null;
    }

    /// <summary>A command as Compose takes it: a list as is, a string split into words the way a POSIX shell would.</summary>
    public static List<string>? Command(YamlValue value, string field, ComposeContext context)
    {
        if (value is YamlScalar { IsNull: false } scalar)
        {
            if (ShellWords(scalar.Value) is { } words)
            {
                return words;
            }

            context.Refuse(scalar, field, "a quote in the command is never closed");
            return null;
        }

        return Strings(value, field, context)?.Select(s => s.Text).ToList();
    }

    /// <summary>Splits like a POSIX shell: whitespace separates words; single quotes, double quotes and backslashes group; null when a quote is left open.</summary>
    public static List<string>? ShellWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else if (c is '\'' or '"')
            {
                var close = text.IndexOf(c, i + 1);
                while (c == '"' && close > 0 && text[close - 1] == '\\')
                {
                    close = text.IndexOf(c, close + 1);
                }

                if (close < 0)
                {
                    return null;
                }

                var quoted = text[(i + 1)..close];
                word.Append(c == '"' ? quoted.Replace("\\\"", "\"").Replace("\\\\", "\\") : quoted);
                i = close;
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Text as a Score string: Compose's variables are already replaced, so a '${' left is literal and written '$${'.</summary>
    public static string ForScore(string text) => text.Replace("${", "$${", StringComparison.Ordinal);

    /// <summary>A lowercase DNS label (2–63 characters) made from a Compose name: other characters become '-'.</summary>
    public static string Label(string name)
    {
        var label = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            label.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-');
        }

        var text = string.Join('-', label.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        text = text.Length > 63 ? text[..63].TrimEnd('-') : text;
        return text.Length switch { 0 => "svc", 1 => text + "-svc", _ => text };
    }
}
