using Gantry.ControlPlane.Hosting;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Hosting;

/// <summary>
/// A platform service's user must reach its folder: under the data folder when the folders above it let others
/// through, else (Gantry as root with its data in a closed folder, such as /root/.gantry) under /var/lib/gantry.
/// </summary>
public sealed class ServicesFolderTests : IDisposable
{
    private readonly TempDirectory _temp = new("gantry-services-folder");

    [Fact]
    public void AnOpenPath_KeepsTheServicesInTheDataFolder()
    {
        var data = new DataDirectory(_temp.Combine("data"));
        data.Create();

        Assert.Equal(Path.Combine(data.Root, "services"), data.Services);
    }

    [Fact]
    public void AsRoot_ADataFolderInAClosedFolder_PutsTheServicesWhereTheirUsersCanPass()
    {
        Assert.True(Environment.IsPrivilegedProcess, "this test runs as root, as ./test.sh does");
        var closed = Directory.CreateDirectory(_temp.Combine("home"));
        closed.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var data = new DataDirectory(Path.Combine(closed.FullName, ".gantry"));
        try
        {
            data.Create();

            Assert.Equal(Path.Combine(DataDirectory.SystemServices, data.InstallationId()), data.Services);
            foreach (var folder in new[] { data.Services, DataDirectory.SystemServices, "/var/lib/gantry" })
            {
                Assert.True((File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) != 0, $"{folder} is closed to other users");
            }

            Assert.False(Directory.Exists(Path.Combine(data.Root, "services")));
        }
        finally
        {
            Directory.Delete(data.Services, recursive: true);
        }
    }

    public void Dispose() => _temp.Dispose();
}
