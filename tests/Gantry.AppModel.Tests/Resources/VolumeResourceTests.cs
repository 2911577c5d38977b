using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Resources;

public sealed class VolumeResourceTests
{
    private static AppLoadResult Load(params (string Name, string Text)[] files) =>
        AppLoader.Load(new InMemoryAppFiles(files.ToDictionary(f => f.Name, f => f.Text)), files[0].Name);

    private static string Score(string name, string volumes, string resources) => $"""
        apiVersion: score.dev/v1b1
        metadata:
          name: {name}
        containers:
          main:
            image: postgres:16
            volumes:
        {volumes}
        resources:
        {resources}
        """;

    [Fact]
    public void Load_WhenAVolumeResourceIsMounted_GivesItAnEngineVolumeNamedAfterTheAppAndResource()
    {
        var result = Load(("score.yaml", Score("db", "      /var/lib/data:\n        source: ${resources.data}\n        path: pg\n        readOnly: true", "  data:\n    type: volume")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var volume = Assert.Single(result.App.Workloads[0].Containers[0].Volumes);
        Assert.Equal(("/var/lib/data", "gantry-db-data", "pg", true), (volume.Target, volume.Source, volume.Path, volume.ReadOnly));
    }

    [Fact]
    public void Load_WhenTheSourceOutputIsNamed_ResolvesTheSameVolume()
    {
        var result = Load(("score.yaml", Score("db", "      /data:\n        source: ${resources.data.source}", "  data:\n    type: volume")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("gantry-db-data", result.App.Workloads[0].Containers[0].Volumes[0].Source);
    }

    [Fact]
    public void Load_WhenTwoWorkloadsShareAVolumeId_BothMountTheSameVolume()
    {
        var result = Load(
            ("gantry.yaml", "name: shop\nworkloads:\n  - score: a.yaml\n  - score: b.yaml\n"),
            ("a.yaml", Score("api", "      /data:\n        source: ${resources.files}", "  files:\n    type: volume\n    id: shared")),
            ("b.yaml", Score("web", "      /srv:\n        source: ${resources.store}", "  store:\n    type: volume\n    id: shared")));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.All(result.App.Workloads, w => Assert.Equal("gantry-shop-shared", w.Containers[0].Volumes[0].Source));
    }
}
