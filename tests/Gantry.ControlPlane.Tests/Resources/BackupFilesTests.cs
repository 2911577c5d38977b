using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Resources.Backups;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Resources;

/// <summary>A backup that failed before its folder existed (its server did not start) is cleaned up without an error of its own.</summary>
public sealed class BackupFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new("gantry-backup-files");

    [Fact]
    public void CleaningUp_ABackupThatNeverWroteAFile_DoesNothing()
    {
        var files = new BackupFiles(new DataDirectory(_temp.Combine("data")));
        var name = BackupFiles.NameFor("shop.web.db", DateTimeOffset.UnixEpoch, "dump");

        files.DeletePartial(name);
        files.Delete(name);

        Assert.False(File.Exists(files.PathOf(name)));
    }

    public void Dispose() => _temp.Dispose();
}
