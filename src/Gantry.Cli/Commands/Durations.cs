using System.Globalization;

namespace Gantry.Cli.Commands;

/// <summary>Reads durations such as <c>90s</c>, <c>5m</c>, <c>1h</c> or plain seconds.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var (number, unit) = char.IsLetter(text[^1]) ? (text[..^1], text[^1]) : (text, 's');
        if (text.EndsWith("ms", StringComparison.Ordinal))
        {
            (number, unit) = (text[..^2], 'f');
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return false;
        }

        TimeSpan? parsed = unit switch
        {
            'f' => TimeSpan.FromMilliseconds(value),
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            'd' => TimeSpan.FromDays(value),
            _ => null,
        };
        duration = parsed ?? default;
        return parsed is not null;
    }
}
