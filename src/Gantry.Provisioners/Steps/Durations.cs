using System.Globalization;

namespace Gantry.Provisioners.Steps;

/// <summary>Durations the way definitions write them: <c>30s</c>, <c>2m</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
internal static class Durations
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return ((int)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var minutes = (int)duration.TotalMinutes;
        var seconds = duration.Seconds;
        return minutes == 0
            ? ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}m") + (seconds == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{seconds}s"));
    }
}
