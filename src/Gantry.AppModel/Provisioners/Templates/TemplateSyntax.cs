using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>
/// Splits a template into literal text and <c>{{ path }}</c> references. <c>{{{{</c> is a literal <c>{{</c>; a lone
/// <c>}}</c> is literal. Nothing else is special: no logic, no filters.
/// </summary>
internal static partial class TemplateSyntax
{
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*\z")]
    private static partial Regex PathPattern();

    public static ParsedTemplate Parse(string text)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return new ParsedTemplate([new TemplatePart(text, false)], null);
        }

        var parts = ImmutableArray.CreateBuilder<TemplatePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text.AsSpan(i).StartsWith("{{{{", StringComparison.Ordinal))
            {
                literal.Append("{{");
                i += 4;
                continue;
            }

            if (!text.AsSpan(i).StartsWith("{{", StringComparison.Ordinal))
            {
                literal.Append(text[i]);
                i++;
                continue;
            }

            var end = text.IndexOf("}}", i + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                return new ParsedTemplate([], $"'{{{{' at character {i + 1} is not closed with '}}}}'; write '{{{{{{{{' for a literal '{{{{'");
            }

            var path = text[(i + 2)..end].Trim(' ');
            if (!PathPattern().IsMatch(path))
            {
                return new ParsedTemplate([], $"'{text[i..(end + 2)]}' is not a template: write {{{{ path }}}} with a dotted path such as resource.key, or '{{{{{{{{' for a literal '{{{{'");
            }

            if (literal.Length > 0)
            {
                parts.Add(new TemplatePart(literal.ToString(), false));
                literal.Clear();
            }

            parts.Add(new TemplatePart(path, true));
            i = end + 2;
        }

        if (literal.Length > 0)
        {
            parts.Add(new TemplatePart(literal.ToString(), false));
        }

        return new ParsedTemplate(parts.ToImmutable(), null);
    }
}

/// <summary>A template split into parts; <see cref="Error"/> says why it could not be split.</summary>
internal sealed record ParsedTemplate(ImmutableArray<TemplatePart> Parts, string? Error)
{
    public IEnumerable<string> Paths => Parts.Where(p => p.IsPath).Select(p => p.Text);
}

/// <summary>Literal text, or a path to look up.</summary>
internal readonly record struct TemplatePart(string Text, bool IsPath);
