namespace Gantry.AppModel.Provisioners;

/// <summary>How one resource is backed up (the command writes the backup to stdout) and restored (it reads it from stdin).</summary>
/// <param name="Extension">The backup file's extension (<c>dump</c>), without the dot.</param>
/// <param name="Count">Prints <c>table rows</c> lines, one per table, to compare a restore with its source.</param>
public sealed record BackupDefinition(string Extension, StepDefinition Create, StepDefinition Restore, StepDefinition? Count);
