using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gantry.AppModel.Compose;

/// <summary>
/// Writes the files an import makes from plain trees: <see cref="OrderedDictionary{TKey,TValue}"/> for mappings (in
/// insertion order), lists, strings, numbers and booleans. A string that YAML would read as something else is quoted.
/// </summary>
internal static class ScoreYamlWriter
{
    public static string Write(object tree, string? comment = null)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        if (comment is not null)
        {
            foreach (var line in comment.Split('\n'))
            {
                text.WriteLine($"# {line}".TrimEnd());
            }
        }

        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, 1024, true, false, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, tree);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case OrderedDictionary<string, object?> map:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (key, item) in map)
                {
                    EmitString(emitter, key);
                    Emit(emitter, item);
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable<object?> list:
                var items = list.ToList();
                var flow = items.Count > 0 && items.All(i => i is string s && s.Length < 40 && !s.Contains('\n'));
                emitter.Emit(new SequenceStart(null, null, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in items)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case bool flag:
                emitter.Emit(new Scalar(null, null, flag ? "true" : "false", ScalarStyle.Plain, true, false));
                break;
            case int or long:
                emitter.Emit(new Scalar(null, null, Convert.ToString(value, CultureInfo.InvariantCulture)!, ScalarStyle.Plain, true, false));
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "", ScalarStyle.Plain, true, false));
                break;
            default:
                EmitString(emitter, Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        var style = text.Contains('\n') ? ScalarStyle.Literal : NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        if (style == ScalarStyle.Literal && (text.EndsWith(' ') || text.Contains("\n ", StringComparison.Ordinal) || text.StartsWith(' ')))
        {
            style = ScalarStyle.DoubleQuoted;
        }

        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    /// <summary>Whether a plain scalar would be read as null, a boolean or a number (YAML 1.1 or 1.2), or is empty.</summary>
    private static bool NeedsQuotes(string text) =>
        text.Length == 0
        || text is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF" or "y" or "n"
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || text.Contains(':') && text.Split(':').All(part => part.All(char.IsDigit));
}
