using System.Text.RegularExpressions;

namespace Gantry.Kubernetes;

/// <summary>
/// What of a Gantry schedule (Cronos: five fields, or six with seconds first) a CronJob cannot take: the API server
/// parses schedules with robfig/cron's standard parser, which has no seconds, no L, W or #, and weekdays 0 to 6 only.
/// </summary>
internal static partial class KubernetesSchedule
{
    // Weekday 7 as a value (alone, in a list or a range), not as a step such as */7.
    [GeneratedRegex("(^|[,-])7($|[,/-])")]
    private static partial Regex Seven();

    /// <summary>Why the schedule cannot be a CronJob's; null when it can.</summary>
    public static string? Problem(string schedule)
    {
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6 || schedule.Trim().Equals("@every_second", StringComparison.OrdinalIgnoreCase))
        {
            return "seconds are not supported on Kubernetes: a CronJob's schedule has five fields (minute hour day month weekday)";
        }

        if (fields is [var macro] && macro.StartsWith("@every", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{macro}' is not supported on Kubernetes: write it as five fields, for example \"* * * * *\" for every minute";
        }

        if (fields.Length != 5)
        {
            return null;
        }

        if (fields[2].IndexOfAny(['L', 'l', 'W', 'w']) >= 0 || fields[4].IndexOfAny(['L', 'l', '#']) >= 0)
        {
            return "L, W and # in the day fields are not supported on Kubernetes";
        }

        return Seven().IsMatch(fields[4]) ? "Kubernetes counts weekdays from 0 to 6: write Sunday as 0" : null;
    }
}
