using System.Net;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Settings;

/// <summary>
/// Settings (<c>/config</c>, <c>gantry config</c>) that apps read through an environment resource: the app's own over
/// the platform's, reaching a release's variables when it is created, sealed at rest, hidden until revealed.
/// </summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private const string AppKey = "app-greeting-5f1c9e";
    private const string PlatformKey = "platform-greeting-82d0aa";
    private readonly TempDirectory _apps = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    [Fact]
    public async Task AnAppsSetting_OverThePlatforms_IsServedByItsNextRelease_SealedOnDisk_AndShownOnlyWhenRevealed()
    {
        await ChangeAsync("api/v1/config", new() { ["GREETING"] = PlatformKey, ["REGION"] = "eu-west" });
        var listed = await ChangeAsync("api/v1/apps/echo/config", new() { ["GREETING"] = AppKey });

        Assert.Equal([("GREETING", "app", (string?)null), ("REGION", "platform", null)], listed.Select(s => (s.Key, s.Scope, s.Value)));
        var first = await DeployAsync("v1");
        Assert.Equal(AppKey, await GreetingAsync(AppKey));

        // The platform's value shows through once the app's own is unset, with the next release.
        await ChangeAsync("api/v1/apps/echo/config", new() { ["GREETING"] = null });
        Assert.Equal(AppKey, await GreetingAsync(AppKey));
        var second = await DeployAsync("v2");
        Assert.True(second > first);
        Assert.Equal(PlatformKey, await GreetingAsync(PlatformKey));

        var shown = await _server.Admin.GetStringAsync("api/v1/apps/echo/config")
            + await _server.Admin.GetStringAsync("api/v1/config")
            + await _server.Admin.GetStringAsync($"api/v1/apps/echo/releases/{second}");
        Assert.DoesNotContain(PlatformKey, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(AppKey, shown, StringComparison.Ordinal);

        using var reveal = await _server.Admin.PostAsync("api/v1/config/reveal", null);
        var revealed = await reveal.Content.ReadFromJsonAsync<List<SettingInfo>>(JsonSerializerOptions.Web);
        Assert.Equal(PlatformKey, Assert.Single(revealed!, s => s.Key == "GREETING").Value);
        var events = await _server.Admin.GetStringAsync("api/v1/events?app=echo") + await _server.Admin.GetStringAsync("api/v1/events");
        Assert.Contains("config.revealed", events, StringComparison.Ordinal);
        Assert.Contains("app echo's settings: unset GREETING", events, StringComparison.Ordinal);
        Assert.DoesNotContain(AppKey, events, StringComparison.Ordinal);

        var onDisk = string.Concat(Directory.GetFiles(_server.DataPath, "gantry.db*").Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(PlatformKey, onDisk, StringComparison.Ordinal);
        Assert.DoesNotContain(AppKey, onDisk, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeployReadingAKeyNobodySet_IsRefusedNamingTheLineAndHowToSetIt_AndDeletingTheAppForgetsItsSettings()
    {
        using var refused = await _server.DeployFilesAsync(WriteApp("v1"));

        var body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(body.Contains("score.yaml:14:17: containers.main.variables.GREETING", StringComparison.Ordinal), body);
        Assert.Contains("environment resource 'env' has no value for GREETING; set it with 'gantry config set echo KEY=VALUE'", body, StringComparison.Ordinal);

        await ChangeAsync("api/v1/apps/echo/config", new() { ["GREETING"] = AppKey });
        await DeployAsync("v1");
        using var deleted = await _server.Admin.DeleteAsync("api/v1/apps/echo");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await _server.Admin.GetFromJsonAsync<List<SettingInfo>>("api/v1/apps/echo/config", JsonSerializerOptions.Web))!);
    }

    [Theory]
    [InlineData("""{"values": {"OK": "1", "1BAD": "x"}}""", "'1BAD' is not a key")]
    [InlineData("""{"values": {"OK": "1", "BAD-KEY": "x"}}""", "'BAD-KEY' is not a key")]
    [InlineData("""{"values": {}}""", "values: give at least one key")]
    [InlineData("""{}""", "values: give at least one key")]
    public async Task AWrongChange_IsRefusedWhole_NamingWhatIsWrong(string json, string message)
    {
        using var response = await _server.Admin.PatchAsync("api/v1/apps/echo/config", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await _server.Admin.GetFromJsonAsync<List<SettingInfo>>("api/v1/apps/echo/config", JsonSerializerOptions.Web))!);
    }

    [Fact]
    public async Task AValueOver32KB_IsRefused_AndTheEarlierValueStays()
    {
        await ChangeAsync("api/v1/config", new() { ["BIG"] = "small" });

        using var response = await _server.Admin.PatchAsJsonAsync("api/v1/config", new SettingsRequest(new() { ["BIG"] = new string('x', 32 * 1024 + 1) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("values.BIG: 32769 bytes; a value holds at most 32 KB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var reveal = await _server.Admin.PostAsync("api/v1/config/reveal", null);
        Assert.Equal("small", Assert.Single((await reveal.Content.ReadFromJsonAsync<List<SettingInfo>>(JsonSerializerOptions.Web))!).Value);
    }

    private async Task<List<SettingInfo>> ChangeAsync(string path, Dictionary<string, string?> values)
    {
        using var response = await _server.Admin.PatchAsJsonAsync(path, new SettingsRequest(values));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<List<SettingInfo>>(JsonSerializerOptions.Web))!;
    }

    /// <summary>Deploys the echo app greeting with the setting; returns the release once it serves.</summary>
    private async Task<int> DeployAsync(string folder)
    {
        using var response = await _server.DeployFilesAsync(WriteApp(folder));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = (await response.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web))!;
        Assert.Equal("Succeeded", (await _server.WaitForReleaseAsync("echo", accepted.Release)).Release.Status);
        return accepted.Release;
    }

    /// <summary>The echo app greeting with its GREETING setting, through an environment resource.</summary>
    private string WriteApp(string folder)
    {
        new NodeApp(Greeting: "${resources.env.GREETING}").WriteTo(_apps.Combine(folder));
        File.AppendAllText(_apps.Combine(folder, "score.yaml"), "\n  env:\n    type: environment\n");
        return _apps.Combine(folder);
    }

    private async Task<string> GreetingAsync(string expected)
    {
        var body = await Eventually.UntilAsync(
            async () => await (await _server.GetThroughGatewayAsync("echo.localhost")).Content.ReadAsStringAsync(),
            text => text.Contains(expected, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            $"the app to greet with {expected}");
        return JsonDocument.Parse(body).RootElement.GetProperty("greeting").GetString()!;
    }
}
