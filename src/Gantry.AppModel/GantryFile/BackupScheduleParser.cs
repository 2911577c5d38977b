using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile;

/// <summary>Reads <c>backups</c>: <c>schedule</c> (cron) and <c>keep</c>.</summary>
internal static class BackupScheduleParser
{
    private static readonly string[] Fields = ["schedule", "keep"];

    public static BackupScheduleSpec? Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, Fields) is not { } map)
        {
            return null;
        }

        var keep = Scalars.Integer(map.Get("keep"), map.FieldOf("keep"), errors, 1, BackupScheduleSpec.MaxKeep) ?? BackupScheduleSpec.DefaultKeep;
        if (Scalars.NonEmptyString(map.Required("schedule"), map.FieldOf("schedule"), errors) is not { } schedule)
        {
            return null;
        }

        if (BackupScheduleSpec.TryParse(schedule.Value) is null)
        {
            errors.Add(schedule, map.FieldOf("schedule"), $"'{schedule.Value}' is not a cron expression: give five fields (minute hour day month weekday, for example \"0 3 * * *\" for 03:00 UTC every day) or six with seconds first");
            return null;
        }

        return new BackupScheduleSpec(schedule.Value, keep);
    }
}
