using System.Collections.Immutable;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Resources;

namespace Gantry.ControlPlane.Tests.Resources;

/// <summary>A built-in type whose server runs only in a container is refused on the process runtime, saying where it runs.</summary>
public sealed class ServicePlansTests
{
    [Theory]
    [InlineData("mongodb")]
    [InlineData("kafka-topic")]
    [InlineData("elasticsearch")]
    [InlineData("mssql")]
    public void AContainerOnlyType_OnTheProcessRuntime_IsRefused_NamingTheContainerRuntime(string type)
    {
        var context = Context(type, ServicePlacement.Processes);

        var error = Assert.Throws<ResourceException>(() => ServicePlans.For(context));

        Assert.Equal(
            $"{type} (default) runs only on the container runtime (gantry up --runtime container): its definition, built-in:{type}.yaml, has no service.process for the process runtime",
            error.Message);
    }

    [Fact]
    public void S3WithoutAnEndpoint_OnTheProcessRuntime_IsRefused_NamingBothWaysToServeIt()
    {
        var error = Assert.Throws<ResourceException>(() => ServicePlans.For(Context("s3", ServicePlacement.Processes)));

        Assert.StartsWith("s3 (default) runs only on the container runtime (gantry up --runtime container)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; or start Gantry with --s3-endpoint URL to give apps buckets on an S3-compatible server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AContainerOnlyType_OnTheContainerRuntime_GetsAPlanOfItsImage()
    {
        // Planning does not reach the engine: no engine is needed, and none runs here.
        var placement = ServicePlacement.Containers(null!, "test");
        var context = Context("mongodb", placement);

        var plan = ServicePlans.ContainerFor(context, placement);

        Assert.Equal("mongo:8", plan.Image);
        Assert.Equal("mongodb-default.test", plan.ContainerName);
        Assert.Equal("/data/db", plan.DataPath);
        Assert.Equal("admin-secret", plan.Environment["MONGO_INITDB_ROOT_PASSWORD"]);
        Assert.Contains("admin-secret", plan.Secrets);
    }

    private static ResourceContext Context(string type, ServicePlacement placement)
    {
        var definition = Assert.Single(ProvisionerFiles.LoadBuiltIn().Definitions, d => d.Type == type);
        var resource = new ResourceSpec("shop.web.db", type, "default", null, ["web:db"], ImmutableDictionary<string, ImmutableArray<string>>.Empty);
        var layout = new ServiceLayout(ServiceLayout.NameOf(type, "default"), "/data/services/x", "/data/services/x/data", "/data/services/x/run", "/data/logs/x.log");
        return new ResourceContext(
            "shop",
            resource,
            definition,
            definition.Generated.ToDictionary(g => g.Name, g => g.Name == "password" ? "resource-secret" : "r_shop_web_db_3d9c1e"),
            layout,
            placement.Site(definition, layout, 9001),
            definition.Service!.Generated.ToDictionary(g => g.Name, _ => "admin-secret"));
    }
}
