using System.Text.Json;

namespace Gantry.Gateway.Host.Tests;

/// <summary>The data plane carries nothing of the control plane: read from the executable's own deps.json.</summary>
public sealed class GatewayDependencyClosureTests
{
    private static readonly string[] Forbidden =
    [
        "Microsoft.EntityFrameworkCore", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Microsoft.AspNetCore.Components", "Docker.DotNet",
        "Gantry.AppModel", "Gantry.ControlPlane", "Gantry.Runtime", "Gantry.Provisioners", "Gantry.Kubernetes", "YamlDotNet", "KubernetesClient",
    ];

    [Fact]
    public void TheGatewayExecutable_DependsOnTheGatewayAndItsContract_AndNoControlPlaneAssembly()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "gantry-gateway.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();

        Assert.Contains("Gantry.Gateway", libraries);
        Assert.Contains("Gantry.Gateway.Config", libraries);
        Assert.Contains("Yarp.ReverseProxy", libraries);
        Assert.DoesNotContain(libraries, l => Forbidden.Any(f => l.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }
}
