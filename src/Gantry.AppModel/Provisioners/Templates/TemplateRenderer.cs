using System.Text;

namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>Renders <c>{{ path }}</c> templates (docs/provisioners.md) from <see cref="TemplateValues"/>.</summary>
public static class TemplateRenderer
{
    /// <summary>The rendered text; throws when the template is malformed or names a path without a value (loading checks both, so this is a bug).</summary>
    public static string Render(string template, TemplateValues values) => Render(template, values, secretsUsed: null);

    internal static string Render(string template, TemplateValues values, ICollection<string>? secretsUsed)
    {
        var parsed = TemplateSyntax.Parse(template);
        if (parsed.Error is { } error)
        {
            throw new InvalidOperationException($"template '{template}' is malformed: {error}");
        }

        if (parsed.Parts is [{ IsPath: false } only])
        {
            return only.Text;
        }

        var result = new StringBuilder(template.Length);
        foreach (var part in parsed.Parts)
        {
            if (!part.IsPath)
            {
                result.Append(part.Text);
                continue;
            }

            if (!values.TryGet(part.Text, out var text, out var secret))
            {
                throw new InvalidOperationException($"template path '{part.Text}' has no value here (in '{template}')");
            }

            if (secret && text.Length > 0)
            {
                secretsUsed?.Add(text);
            }

            result.Append(text);
        }

        return result.ToString();
    }
}
