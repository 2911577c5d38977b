using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Notifications;

/// <summary>
/// Adding destinations through the API: refusals naming the field, secrets shown once and sealed at rest, Discord's and
/// Slack's message formats as a real receiver gets them, and a test event.
/// </summary>
public sealed class NotificationDestinationTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _receiver = await HookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("ops", """{"webhook":"http://a.example/x","discord":"https://discord.example/y"}""", "give exactly one of webhook, discord, slack, email and amqp")]
    [InlineData("ops", "{}", "give exactly one of webhook, discord, slack, email and amqp")]
    [InlineData("ops", """{"slack":"ftp://hooks.example/x"}""", "slack: give an http:// or https:// URL")]
    [InlineData("ops", """{"webhook":"https://ada:pw@hooks.example/x"}""", "without credentials")]
    [InlineData("ops", """{"webhook":"https://hooks.example/x","events":"release.failed, Release Failed"}""", "events: 'Release Failed' is not an event type or pattern")]
    [InlineData("ops", """{"webhook":"https://hooks.example/x","app":"Not An App"}""", "app: 'Not An App' is not an app name")]
    [InlineData("ops", """{"email":"ops@example.com"}""", "email: this server has no mail server")]
    [InlineData("Ops", """{"webhook":"https://hooks.example/x"}""", "name: 'Ops' must be lower-case letters")]
    public async Task InvalidDestinations_AreRefused_NamingTheField(string name, string body, string expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await _server.Admin.PutAsync($"api/v1/notifications/{name}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task TheSecretIsShownOnce_AndNeitherItNorAChatTokenIsStoredInPlainText()
    {
        var webhook = await SaveAsync("signed", new NotificationDestinationRequest(Webhook: "https://hooks.example/gantry"));
        var secret = Assert.IsType<string>(webhook.Secret);
        var changed = await SaveAsync("signed", new NotificationDestinationRequest(Webhook: "https://hooks.example/other", Events: "*.failed"));
        var rotated = await SaveAsync("signed", new NotificationDestinationRequest(Webhook: "https://hooks.example/other", RotateSecret: true));
        const string chatToken = "T0kenInThePath-9f8e7d";
        var discord = await SaveAsync("chat", new NotificationDestinationRequest(Discord: $"https://discord.example/api/webhooks/1/{chatToken}"));

        Assert.Null(changed.Secret);
        Assert.NotNull(rotated.Secret);
        Assert.NotEqual(secret, rotated.Secret);
        Assert.Null(discord.Secret);
        Assert.Equal(EventPatternsDefault, discord.Events);
        var listed = await ListAsync();
        Assert.Equal(["chat", "signed"], listed.Select(d => d.Name));
        Assert.All(listed, d => Assert.Null(d.Secret));
        Assert.Equal("https://discord.example/…", listed[0].Url);
        var store = StoreFiles.ReadAll(_server.DataPath);
        Assert.DoesNotContain(secret, store, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated.Secret!, store, StringComparison.Ordinal);
        Assert.DoesNotContain(chatToken, store, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiscordAndSlack_GetTheirOwnMessageFormats_WithMentionsAndMarkupDefused()
    {
        await SaveAsync("discord", new NotificationDestinationRequest(Discord: $"{_receiver.Url}discord", Events: "config.changed"));
        await SaveAsync("slack", new NotificationDestinationRequest(Slack: $"{_receiver.Url}slack", Events: "config.*", App: "notes"));
        await SaveAsync("other-app", new NotificationDestinationRequest(Slack: $"{_receiver.Url}elsewhere", Events: "config.*", App: "someone-else"));

        var changed = await _server.Admin.PatchAsJsonAsync("api/v1/apps/notes/config", new SettingsRequest(new() { ["GREETING"] = "@everyone <b>hi</b>" }));
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());

        var hooks = await Eventually.UntilAsync(() => Task.FromResult(_receiver.Accepted), a => a.Count == 2, TimeSpan.FromSeconds(30), "both chat messages");
        using var discord = JsonDocument.Parse(hooks.Single(h => h.Path == "/discord").Body);
        Assert.StartsWith("**notes** · `config.changed`", discord.RootElement.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, discord.RootElement.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        using var slack = JsonDocument.Parse(hooks.Single(h => h.Path == "/slack").Body);
        Assert.StartsWith("*notes* · `config.changed`", slack.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_receiver.Received, h => h.Path == "/elsewhere");
        Assert.All(hooks, h => Assert.Null(h.Header("X-Gantry-Signature")));
    }

    [Fact]
    public async Task TestingADestination_SendsATestEventAndSaysHowItAnswered()
    {
        await SaveAsync("probe", new NotificationDestinationRequest(Webhook: _receiver.Url.ToString()));

        var ok = await (await _server.Admin.PostAsync("api/v1/notifications/probe/test", null)).Content.ReadFromJsonAsync<NotificationTestResult>(JsonSerializerOptions.Web);
        _receiver.Status = 401;
        var refused = await (await _server.Admin.PostAsync("api/v1/notifications/probe/test", null)).Content.ReadFromJsonAsync<NotificationTestResult>(JsonSerializerOptions.Web);

        Assert.Equal((true, "answered 200"), (ok!.Delivered, ok.Detail));
        Assert.Equal((false, "answered 401 Unauthorized"), (refused!.Delivered, refused.Detail));
        Assert.Equal("notification.test", _receiver.Received[0].Header("X-Gantry-Event"));
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.PostAsync("api/v1/notifications/nobody/test", null)).StatusCode);
        Assert.Empty(await _server.Admin.GetFromJsonAsync<List<DeliveryInfo>>("api/v1/notifications/deliveries", JsonSerializerOptions.Web) ?? []);
    }

    private const string EventPatternsDefault = Gantry.ControlPlane.Notifications.EventPatterns.Default;

    private async Task<NotificationDestinationInfo> SaveAsync(string name, NotificationDestinationRequest request)
    {
        var response = await _server.Admin.PutAsJsonAsync($"api/v1/notifications/{name}", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<NotificationDestinationInfo>(JsonSerializerOptions.Web))!;
    }

    private async Task<List<NotificationDestinationInfo>> ListAsync() =>
        await _server.Admin.GetFromJsonAsync<List<NotificationDestinationInfo>>("api/v1/notifications", JsonSerializerOptions.Web) ?? [];
}
