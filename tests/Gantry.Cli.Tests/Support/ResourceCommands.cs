using System.Text.Json;

namespace Gantry.Cli.Tests.Support;

/// <summary>What the resource commands of a running Gantry say, as tests read it.</summary>
public static class ResourceCommands
{
    /// <summary>The resource's outputs, the password among them (<c>gantry resources show APP NAME --reveal</c>).</summary>
    public static async Task<Dictionary<string, string>> RevealOutputsAsync(this GantryProcess gantry, string app, string resource)
    {
        var shown = await gantry.RunAsync("resources", "show", app, resource, "--reveal", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        using var json = JsonDocument.Parse(shown.Stdout);
        return json.RootElement.GetProperty("outputs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    /// <summary>The platform server as <c>gantry services list</c> shows it.</summary>
    public static async Task<JsonElement> PlatformServiceAsync(this GantryProcess gantry, string service)
    {
        var services = await gantry.RunAsync("services", "list", "--json");
        Assert.True(services.ExitCode == 0, services.ToString());
        return JsonDocument.Parse(services.Stdout).RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == service).Clone();
    }
}
