using System.Globalization;

namespace Gantry.ControlPlane.Api;

/// <summary>Reads a <c>since</c> value: a duration back from now (<c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>) or an ISO 8601 time.</summary>
public static class SinceParser
{
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset? since)
    {
        since = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var unit = text[^1];
        if (char.IsLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            double? seconds = unit switch
            {
                's' => amount,
                'm' => amount * 60,
                'h' => amount * 3600,
                'd' => amount * 86400,
                _ => null,
            };

            // Any duration longer than the time since year 1 means "from the beginning".
            if (seconds is { } back)
            {
                since = back < (now - DateTimeOffset.MinValue).TotalSeconds ? now - TimeSpan.FromSeconds(back) : DateTimeOffset.MinValue;
                return true;
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            since = at;
            return true;
        }

        return false;
    }
}
