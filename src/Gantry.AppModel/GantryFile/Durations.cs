using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.AppModel.GantryFile;

/// <summary>Parses durations written as numbers with units, Go style: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1m30s</c>.</summary>
internal static partial class Durations
{
    public static readonly TimeSpan Max = TimeSpan.FromHours(24);

    [GeneratedRegex(@"([0-9]{1,6})(ms|s|m|h)")]
    private static partial Regex Part();

    [GeneratedRegex(@"^([0-9]{1,6}(ms|s|m|h))+\z")]
    private static partial Regex Whole();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!Whole().IsMatch(text))
        {
            return false;
        }

        foreach (Match part in Part().Matches(text))
        {
            var amount = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };

            // Stop adding once past any sane limit, so a long run of parts cannot overflow TimeSpan.
            if (duration > Max)
            {
                break;
            }
        }

        return true;
    }
}
