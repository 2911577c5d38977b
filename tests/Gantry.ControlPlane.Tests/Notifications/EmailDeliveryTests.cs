using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Notifications;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Notifications;

/// <summary>E-mail destinations, sent through a real SMTP server on 127.0.0.1 (aiosmtpd).</summary>
public sealed class EmailDeliveryTests : IAsyncLifetime
{
    private SmtpSink _smtp = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        _server = await TestServer.StartAsync(configure: o => o with { Smtp = new SmtpServer("127.0.0.1", _smtp.Port, false, "gantry@example.test", null, null) });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task AFailedRelease_IsMailedToEveryAddress_WithItsKeyAsMessageId()
    {
        var saved = await _server.Admin.PutAsJsonAsync("api/v1/notifications/oncall", new NotificationDestinationRequest(Email: "ops@example.test, lead@example.test", Events: "release.failed"));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Equal("mailto:ops@example.test,lead@example.test", (await saved.Content.ReadFromJsonAsync<NotificationDestinationInfo>(JsonSerializerOptions.Web))!.Url);

        var files = new Dictionary<string, string> { ["score.yaml"] = "apiVersion: score.dev/v1b1\nmetadata:\n  name: mailed\ncontainers:\n  main:\n    image: nginx:1.27\n" };
        await _server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("score.yaml", files));

        var message = (await Eventually.UntilAsync(() => Task.FromResult(_smtp.Messages), m => m.Count > 0, TimeSpan.FromSeconds(60), "the e-mail")).Single();
        Assert.Contains("Subject: [Gantry] mailed: release.failed", message, StringComparison.Ordinal);
        Assert.Contains("From: gantry@example.test", message, StringComparison.Ordinal);
        Assert.Contains("To: ops@example.test, lead@example.test", message, StringComparison.Ordinal);
        Assert.Contains("container runtime", message, StringComparison.Ordinal);
        var delivery = (await _server.Admin.GetFromJsonAsync<List<DeliveryInfo>>("api/v1/notifications/deliveries", JsonSerializerOptions.Web))!.Single();
        Assert.Contains($"Message-Id: <{delivery.IdempotencyKey}@gantry>", message, StringComparison.OrdinalIgnoreCase);
        await Eventually.UntilAsync(
            async () => (await _server.Admin.GetFromJsonAsync<List<DeliveryInfo>>("api/v1/notifications/deliveries", JsonSerializerOptions.Web))!.Single().State == "delivered",
            TimeSpan.FromSeconds(10),
            "the delivery marked delivered");
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("Ada <ada@example.test>")]
    [InlineData(" , ")]
    public async Task AnythingButBareAddresses_IsRefused(string addresses)
    {
        var response = await _server.Admin.PutAsJsonAsync("api/v1/notifications/bad", new NotificationDestinationRequest(Email: addresses));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("email: '", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
