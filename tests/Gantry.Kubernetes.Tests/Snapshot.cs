namespace Gantry.Kubernetes.Tests;

/// <summary>
/// Compares rendered text with a file committed under Snapshots/. To accept a deliberate change, run the tests
/// with GANTRY_UPDATE_SNAPSHOTS=1 and review the diff of the snapshot files.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var source = Path.Combine(TestApps.RepositoryRoot(), "tests", "Gantry.Kubernetes.Tests", "Snapshots", name);
        if (Environment.GetEnvironmentVariable("GANTRY_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(source, actual);
            return;
        }

        Assert.True(File.Exists(source), $"no snapshot {source}: run the tests once with GANTRY_UPDATE_SNAPSHOTS=1 and review it");
        Assert.Equal(File.ReadAllText(source), actual);
    }
}
