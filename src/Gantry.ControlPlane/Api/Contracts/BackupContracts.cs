namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>One backup of one resource. Done (<c>succeeded</c>) only with its file's size and SHA-256 recorded.</summary>
public sealed record BackupInfo(
    long Id,
    string App,
    string Resource,
    string Type,
    string State,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long? Size,
    string? Sha256,
    string? Problem,
    string? Remote);

/// <summary><c>POST /apps/APP/backups</c>: one resource (a workload's name for it or its key), or every resource that can be backed up.</summary>
public sealed record CreateBackupRequest(string? Resource);

/// <summary><c>POST /apps/APP/backups/restore</c>: the resource's latest successful backup unless <c>Backup</c> names one; into <c>To</c> (another resource of the app, same type) when given.</summary>
public sealed record RestoreBackupRequest(string Resource, long? Backup, string? To);

/// <summary><c>POST /apps/APP/backups/verify</c>: restores a backup into a scratch resource and compares row counts.</summary>
public sealed record VerifyBackupRequest(string Resource, long? Backup);

/// <summary>What a verify found: each table's count when the backup was taken and after restoring it.</summary>
public sealed record BackupVerification(long Backup, string Resource, bool Matches, IReadOnlyList<TableCount> Tables, IReadOnlyList<string> NotCompared);

/// <summary>A table's rows when backed up, and in the scratch restore (null when the table is missing there).</summary>
public sealed record TableCount(string Table, long Expected, long? Restored)
{
    public bool Matches => Restored == Expected;
}
