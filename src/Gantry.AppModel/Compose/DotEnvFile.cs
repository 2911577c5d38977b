using System.Text;
using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Compose;

/// <summary>
/// The <c>.env</c> and <c>env_file</c> format Compose reads: <c>NAME=value</c> lines, optional <c>export</c>, comments,
/// single quotes (literal), double quotes (with <c>\n</c>, <c>\t</c>, <c>\"</c> and <c>\\</c>) and unquoted values
/// ending before a <c> #</c> comment. A bad line is reported with its number; the other lines still count.
/// </summary>
internal static class DotEnvFile
{
    public static List<KeyValuePair<string, string>> Parse(string text, FileErrors errors)
    {
        var result = new List<KeyValuePair<string, string>>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=');
            var name = (equals < 0 ? line : line[..equals]).Trim();
            if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c)))
            {
                errors.Add(number, 1, "", $"'{Shorten(line)}' is not NAME=value");
                continue;
            }

            if (equals < 0)
            {
                // A bare name takes its value from the shell in Compose; there is no shell here.
                continue;
            }

            var raw = line[(equals + 1)..].TrimStart();
            if (Value(raw, lines, ref number) is { } value)
            {
                result.Add(new(name, value));
            }
            else
            {
                errors.Add(number, equals + 2, name, "the quoted value is never closed");
            }
        }

        return result;
    }

    private static string? Value(string raw, string[] lines, ref int number)
    {
        if (raw.Length == 0 || raw[0] is not ('"' or '\''))
        {
            var comment = raw.IndexOf(" #", StringComparison.Ordinal);
            return (comment < 0 ? raw : raw[..comment]).TrimEnd();
        }

        // A quoted value may go on over several lines.
        var quote = raw[0];
        var text = new StringBuilder(raw[1..]);
        var start = number;
        while (ClosingQuote(text.ToString(), quote) < 0)
        {
            if (number >= lines.Length)
            {
                number = start;
                return null;
            }

            text.Append('\n').Append(lines[number++]);
        }

        var body = text.ToString()[..ClosingQuote(text.ToString(), quote)];
        return quote == '\'' ? body : Unescape(body);
    }

    private static int ClosingQuote(string text, char quote)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string body)
    {
        var result = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
                result.Append(body[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => body[i] });
            }
            else
            {
                result.Append(body[i]);
            }
        }

        return result.ToString();
    }

    private static string Shorten(string line) => line.Length > 40 ? line[..40] + "…" : line;
}
