using System.Text;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Placeholders;

/// <summary>
/// Expands Score placeholders (<c>${metadata.name}</c>, <c>${resources.db.host}</c>) in one string.
/// <c>$${</c> is a literal <c>${</c>; any other <c>$</c> is kept as written.
/// </summary>
internal static class PlaceholderExpander
{
    /// <summary>The expanded text, or null when a placeholder could not be resolved (reported at <paramref name="node"/>, or earlier).</summary>
    public static string? Expand(YamlScalar node, string field, FileErrors errors, IPlaceholderResolver resolver)
    {
        var text = node.Value;
        var complete = true;
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text.AsSpan(i).StartsWith("$${", StringComparison.Ordinal))
            {
                result.Append("${");
                i += 3;
                continue;
            }

            if (!text.AsSpan(i).StartsWith("${", StringComparison.Ordinal))
            {
                result.Append(text[i]);
                i++;
                continue;
            }

            var end = text.IndexOf('}', i + 2);
            if (end < 0)
            {
                errors.Add(node, field, $"'${{' at character {i + 1} is not closed with '}}'; write '$${{' for a literal '${{'");
                return null;
            }

            var placeholder = text[i..(end + 1)];
            var reference = text[(i + 2)..end];
            var resolution = resolver.Resolve(PlaceholderReference.Parse(reference));
            if (resolution.Error is { } error)
            {
                errors.Add(node, field, $"{error} (in '{placeholder}')");
            }

            complete &= resolution.IsResolved;
            result.Append(resolution.Value);
            i = end + 1;
        }

        return complete ? result.ToString() : null;
    }
}
