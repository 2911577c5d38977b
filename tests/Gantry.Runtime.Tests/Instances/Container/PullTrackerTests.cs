using Docker.DotNet.Models;
using Gantry.Runtime.Instances.Container;

namespace Gantry.Runtime.Tests.Instances.Container;

/// <summary>Pull messages as Docker (bytes per layer) and Podman (layer states only) send them, added up.</summary>
public sealed class PullTrackerTests
{
    [Fact]
    public void DockerMessages_AreCountedInBytes()
    {
        var tracker = new PullTracker("nginx:1.27");
        tracker.Add(new JSONMessage { Status = "Pulling from library/nginx", ID = "1.27" });
        tracker.Add(new JSONMessage { Status = "Downloading", ID = "a", Progress = new JSONProgress { Current = 1_000_000, Total = 4_000_000 } });
        tracker.Add(new JSONMessage { Status = "Downloading", ID = "b", Progress = new JSONProgress { Current = 0, Total = 1_000_000 } });

        Assert.Equal("pulling nginx:1.27: 1.0 of 5.0 MB (20%)", tracker.Current.ToString());

        tracker.Add(new JSONMessage { Status = "Pull complete", ID = "b" });
        Assert.Equal(0.4, tracker.Current.Fraction);
        Assert.Equal(1.0, tracker.Finished.Fraction);
    }

    [Fact]
    public void PodmanMessages_AreCountedInLayers()
    {
        var tracker = new PullTracker("127.0.0.1:5000/app:1");
        tracker.Add(new JSONMessage { Status = "Already exists", ID = "a" });
        tracker.Add(new JSONMessage { Status = "Pulling fs layer", ID = "b" });

        Assert.Equal("pulling 127.0.0.1:5000/app:1: 1 of 2 layers (50%)", tracker.Current.ToString());

        tracker.Add(new JSONMessage { Status = "Download complete", ID = "b" });
        Assert.Equal(1.0, tracker.Current.Fraction);
    }

    [Fact]
    public void BeforeAnyLayer_TheFractionIsUnknown() =>
        Assert.Null(new PullTracker("x").Current.Fraction);
}
