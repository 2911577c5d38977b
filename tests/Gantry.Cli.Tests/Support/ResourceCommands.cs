using System.Net;
using System.Text.Json;
using Gantry.Testing;

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

    /// <summary>Writes the notes app into <paramref name="folder"/> and deploys it, waiting until it is live.</summary>
    public static async Task DeployNotesAsync(this GantryProcess gantry, NotesApp app, string folder, string timeout = "5m")
    {
        var deploy = await gantry.RunAsync("deploy", "-f", app.WriteTo(folder), "--wait", "--timeout", timeout);
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{gantry.Output}");
    }

    public static async Task WriteNoteAsync(this GantryProcess gantry, NotesApp app, string value)
    {
        using var response = await gantry.GetAsync(app.Host, $"/write?v={value}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The app's notes, one per line, once it answers (after a restart it may take a while).</summary>
    public static async Task<string> ReadNotesAsync(this GantryProcess gantry, NotesApp app)
    {
        using var response = await Eventually.UntilAsync(() => gantry.GetAsync(app.Host, "/read"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(90), $"{app.Name} to answer /read");
        return (await response.Content.ReadAsStringAsync()).Trim();
    }
}
