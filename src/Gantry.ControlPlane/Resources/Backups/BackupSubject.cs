using Gantry.Provisioners.Steps;

namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>
/// What one backup is taken of, and the rendered steps that take, restore and count it: a provisioned resource's
/// definition steps (run where its server is), or an app volume's archive (<see cref="VolumeBackups"/>).
/// </summary>
/// <param name="Key">What its backups are recorded under: the resource's key, or the volume's name.</param>
/// <param name="Names">The workloads' names for it (<c>web:db</c>), for events.</param>
/// <param name="Create">Writes the backup to its standard output.</param>
/// <param name="Restore">Reads a backup from its standard input into the subject.</param>
/// <param name="Count">Prints "name count" lines that a restore must give again; null when the subject cannot be counted.</param>
public sealed record BackupSubject(
    string App,
    string Key,
    string Type,
    IReadOnlyList<string> Names,
    string Extension,
    CommandPlan Create,
    CommandPlan Restore,
    CommandPlan? Count)
{
    /// <summary>The provisioned resource it is; null for a volume.</summary>
    public ResourceContext? Resource { get; init; }
}
