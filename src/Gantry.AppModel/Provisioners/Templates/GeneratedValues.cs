using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>Makes the values a definition generates for a resource or a service (once: the caller keeps them).</summary>
public static class GeneratedValues
{
    /// <summary>One value: a rendered template (made an identifier or a label and cut as declared), or random letters and digits.</summary>
    public static string Make(GeneratedValue value, TemplateValues values)
    {
        if (value.RandomLength is { } length)
        {
            return RandomValues.Make(length);
        }

        var text = TemplateRenderer.Render(value.Template ?? "", values);
        return value.Identifier ? Identifiers.Make(text, value.MaxLength)
            : value.Label ? Resources.LabelNames.Make(text, value.MaxLength ?? Resources.LabelNames.MaxLength)
            : value.MaxLength is { } max ? Identifiers.Cut(text, max)
            : text;
    }

    /// <summary>Every declared value, keeping those in <paramref name="existing"/> (made earlier and stored) as they are.</summary>
    public static ImmutableDictionary<string, string> MakeAll(
        IEnumerable<GeneratedValue> declared,
        TemplateValues values,
        IReadOnlyDictionary<string, string>? existing = null)
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var value in declared)
        {
            result[value.Name] = existing is not null && existing.TryGetValue(value.Name, out var kept) ? kept : Make(value, values);
        }

        return result.ToImmutable();
    }
}
