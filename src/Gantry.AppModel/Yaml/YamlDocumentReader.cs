using Gantry.AppModel.Validation;
using YamlDotNet.Core;

namespace Gantry.AppModel.Yaml;

/// <summary>
/// Reads one YAML document into located nodes from YamlDotNet's parser events. Works on events rather than
/// YamlStream so duplicate keys, odd keys and unknown aliases become errors while reading goes on.
/// </summary>
internal static class YamlDocumentReader
{
    public const int MaxDepth = 64;

    // Aliases can make a small file expand into billions of nodes ("billion laughs"); cap the expanded size.
    public const long MaxExpandedNodes = 100_000;

    /// <summary>The document's root, or null when the file is empty or not YAML (the reason is reported).</summary>
    public static YamlValue? Read(string text, FileErrors errors)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var state = new YamlTreeBuilder(errors);
        var parser = new Parser(new StringReader(text));
        var lastMark = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                lastMark = current.Start;
                if (!state.Accept(current))
                {
                    break;
                }
            }
        }
        catch (YamlException ex)
        {
            ReportSyntaxError(text, ex.Start, ex.Message, errors);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet fails this way on some malformed flow collections; point at the open bracket if any.
            var open = state.InnermostOpenFlow;
            if (open is not null)
            {
                errors.Add(open.Value.Line, open.Value.Column, "", $"YAML syntax error: this '{open.Value.Bracket}' is never closed");
            }
            else
            {
                ReportSyntaxError(text, lastMark, "the YAML could not be parsed here", errors);
            }

            return null;
        }

        if (state.Aborted)
        {
            return null;
        }

        if (state.Root is null || state.Root is YamlScalar { IsNull: true })
        {
            errors.Add(1, 1, "", "the file is empty");
            return null;
        }

        return state.Root;
    }

    private static void ReportSyntaxError(string text, Mark mark, string message, FileErrors errors)
    {
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindTabIndentation(text) is { } tab)
        {
            errors.Add(tab.Line, tab.Column, "", "a tab is used for indentation; YAML indentation must use spaces");
            return;
        }

        var line = Math.Max(1, (int)Math.Min(mark.Line, int.MaxValue));
        var column = Math.Max(1, (int)Math.Min(mark.Column, int.MaxValue));
        errors.Add(line, column, "", $"YAML syntax error: {message.TrimEnd('.')}");
    }

    private static (int Line, int Column)? FindTabIndentation(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && line[c] is ' ' or '\t'; c++)
            {
                if (line[c] == '\t')
                {
                    return (i + 1, c + 1);
                }
            }
        }

        return null;
    }
}
