using System.Collections.Immutable;
using System.Text;

namespace Gantry.AppModel.Placeholders;

/// <summary>The dotted parts of a placeholder, with <c>\.</c> standing for a dot inside a part (as score-go does).</summary>
internal sealed record PlaceholderReference(string Text, ImmutableArray<string> Parts)
{
    public static PlaceholderReference Parse(string text)
    {
        var parts = ImmutableArray.CreateBuilder<string>();
        var part = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '.')
            {
                part.Append('.');
                i++;
            }
            else if (text[i] == '.')
            {
                parts.Add(part.ToString());
                part.Clear();
            }
            else
            {
                part.Append(text[i]);
            }
        }

        parts.Add(part.ToString());
        return new PlaceholderReference(text, parts.ToImmutable());
    }
}
