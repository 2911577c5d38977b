using Gantry.Gateway.Config;

namespace Gantry.Gateway.Host.Tests;

/// <summary>The gateway image sets what gantry up's supervisor sets for the gateway processes it starts.</summary>
public sealed class GatewayRuntimeSettingsTests
{
    [Fact]
    public void TheGatewayImage_SetsEveryRuntimeSetting()
    {
        var containerfile = File.ReadAllLines(Path.Combine(RepositoryRoot(), "deploy", "gateway.Containerfile"));

        Assert.NotEmpty(GatewayRuntimeSettings.Environment);
        foreach (var (name, value) in GatewayRuntimeSettings.Environment)
        {
            Assert.Contains($"ENV {name}={value}", containerfile);
        }
    }

    [Fact]
    public void ASettingTheEnvironmentGives_IsKept()
    {
        var environment = new Dictionary<string, string?> { ["DOTNET_GCgen0size"] = "0x2000000" };

        GatewayRuntimeSettings.ApplyTo(environment);

        Assert.Equal("0x2000000", environment["DOTNET_GCgen0size"]);
        Assert.Equal(GatewayRuntimeSettings.Environment.Count, environment.Count);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "deploy", "gateway.Containerfile")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no deploy/gateway.Containerfile above {AppContext.BaseDirectory}");
    }
}
