using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Tests.DataPlane;
using Gantry.Gateway.Config;

namespace Gantry.ControlPlane.Tests.Orchestration;

public sealed class RoutePublisherTests
{
    private static RouteConfig Route(string app, string host, string path = "/", string destination = "i1") =>
        new(host, path, app, "web", [new DestinationConfig(destination, "http://127.0.0.1:5000")]);

    [Fact]
    public void Publish_WhenOneAppsRoutesAreRejected_OtherAppsStillGetTheirUpdates()
    {
        var (source, table) = LocalGateway.Start();
        var publisher = new RoutePublisher(source, table);
        publisher.Publish("good", [Route("good", "good.localhost")]);

        Assert.Throws<InvalidDataException>(() => publisher.Publish("bad", [Route("bad", "bad.localhost"), Route("bad", "bad.localhost", destination: "i2")]));
        publisher.Publish("good", [Route("good", "good.localhost"), Route("good", "also.localhost")]);

        Assert.Equal(["also.localhost", "good.localhost"], table.Current.Routes.Select(r => r.Host).Order());
    }

    [Fact]
    public void DestinationIds_DifferPerPort_SoOneInstanceCanServeTwoRoutesOnTwoPorts()
    {
        Assert.NotEqual(RoutePublisher.DestinationId("i1", 8080), RoutePublisher.DestinationId("i1", 9090));
    }
}
