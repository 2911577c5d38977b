using Cronos;

namespace Gantry.AppModel.Spec;

/// <summary>
/// <c>backups:</c> in gantry.yaml: when the app's resources are backed up on their own (a cron expression, five
/// fields, or six with seconds first, in UTC) and how many scheduled backups of each resource are kept.
/// </summary>
public sealed record BackupScheduleSpec(string Schedule, int Keep)
{
    public const int DefaultKeep = 7;
    public const int MaxKeep = 1000;

    /// <summary>The first time the schedule names after <paramref name="after"/>; null when it names none (or is not cron).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        TryParse(Schedule)?.GetNextOccurrence(after, TimeZoneInfo.Utc);

    /// <summary>The expression, with five fields or six (seconds first); null when it is not one.</summary>
    public static CronExpression? TryParse(string expression)
    {
        var format = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return CronExpression.TryParse(expression, format, out var parsed) ? parsed : null;
    }
}
