using Gantry.Gateway.Routing;

namespace Gantry.Gateway.Tests;

/// <summary>The gateway knows its own configuration contract, not the app model or anything of the control plane's.</summary>
public sealed class GatewayDependenciesTests
{
    [Fact]
    public void TheGatewayLibrary_ReferencesItsConfigContract_AndNoneOfTheControlPlanesAssemblies()
    {
        var referenced = typeof(RoutingTable).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Gantry.Gateway.Config", referenced);
        Assert.DoesNotContain(referenced, name =>
            name.StartsWith("Gantry.AppModel", StringComparison.Ordinal) || name.StartsWith("Gantry.ControlPlane", StringComparison.Ordinal)
            || name.StartsWith("Gantry.Runtime", StringComparison.Ordinal) || name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || name.StartsWith("Docker.DotNet", StringComparison.Ordinal) || name.StartsWith("YamlDotNet", StringComparison.Ordinal));
        // The contract itself stands on the framework alone.
        var contract = typeof(Config.RouteConfig).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.All(contract, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }
}
