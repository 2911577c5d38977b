using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Notifications;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Notifications;

/// <summary>
/// App events delivered through the outbox to a real HTTP receiver on 127.0.0.1: signed, retried while it fails,
/// in order, given up on after the last attempt and sent again on retry, once per idempotency key.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new("gantry-notify");
    private TestServer _server = null!;
    private HookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        // Three attempts a few hundred milliseconds apart, so giving up is reached within a test.
        _server = await TestServer.StartAsync(configure: o => o with { Notifications = new DeliveryPolicy(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500)) });
        _receiver = await HookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AFailedRelease_ReachesTheWebhook_AsSignedJson_WithItsIdempotencyKey()
    {
        var secret = (await AddAsync("hooks", new NotificationDestinationRequest(Webhook: $"{_receiver.Url}gantry", Events: "release.failed"))).Secret!;

        var release = await DeployImageOnProcessRuntimeAsync();

        var hook = await Eventually.UntilAsync(() => Task.FromResult(_receiver.Accepted), a => a.Count > 0, Deadline, "the release.failed webhook");
        var received = Assert.Single(hook);
        Assert.Equal("/gantry", received.Path);
        Assert.Equal("release.failed", received.Header("X-Gantry-Event"));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(received.Body)));
        Assert.Equal(expected, received.Header("X-Gantry-Signature"));
        var body = JsonSerializer.Deserialize<EventNotification>(received.Body, JsonSerializerOptions.Web)!;
        Assert.Equal(("release.failed", release.App, release.Release), (body.Type, body.App, body.Release));
        Assert.Contains("container runtime", body.Message, StringComparison.Ordinal);
        Assert.Equal(body.Id, received.Header("Idempotency-Key"));
        Assert.DoesNotContain(_receiver.Received, h => h.Header("X-Gantry-Event") != "release.failed");
    }

    [Fact]
    public async Task WhileTheReceiverAnswers500_EventsAreRetried_ThenDeliveredInOrder_OncePerKey()
    {
        await AddAsync("flaky", new NotificationDestinationRequest(Webhook: _receiver.Url.ToString(), Events: "release.*"));
        _receiver.Status = 500;
        var release = await DeployImageOnProcessRuntimeAsync();
        await Eventually.UntilAsync(() => Task.FromResult(_receiver.Received.Count >= 1), Deadline, "a first attempt");

        _receiver.Status = 200;

        var accepted = await Eventually.UntilAsync(() => Task.FromResult(_receiver.Accepted), a => a.Count == 2, Deadline, "release.created and release.failed accepted");
        Assert.Equal(["release.created", "release.failed"], accepted.Select(h => h.Header("X-Gantry-Event")));
        var firstKey = accepted.First().Header("Idempotency-Key");
        Assert.True(_receiver.Received.Count(h => h.Header("Idempotency-Key") == firstKey) >= 2, "the first event was sent again after the 500");
        var deliveries = await ListAsync("deliveries?destination=flaky");
        Assert.All(deliveries, d => Assert.Equal("delivered", d.State));
        Assert.Contains(deliveries, d => d.Type == "release.created" && d.Attempts >= 2);
        Assert.Equal(release.App, deliveries[0].App);
    }

    [Fact]
    public async Task AfterTheLastAttempt_ADeliveryIsAFailure_AndRetrySendsIt()
    {
        await AddAsync("down", new NotificationDestinationRequest(Webhook: _receiver.Url.ToString(), Events: "release.failed"));
        _receiver.Status = 503;
        await DeployImageOnProcessRuntimeAsync();

        var failures = await Eventually.UntilAsync(() => ListAsync("failures"), f => f.Count == 1, Deadline, "the delivery to be given up on");
        Assert.Equal(3, failures[0].Attempts);
        Assert.Contains("503", failures[0].LastError, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", failures[0].LastError, StringComparison.Ordinal);
        Assert.Equal(3, _receiver.Received.Count);
        var listed = Assert.Single(await _server.Admin.GetFromJsonAsync<List<NotificationDestinationInfo>>("api/v1/notifications", JsonSerializerOptions.Web) ?? []);
        Assert.Equal((0, 0, 1), (listed.Pending, listed.Delivered, listed.Failed));
        var metrics = await _server.Admin.GetStringAsync(Gantry.ControlPlane.Hosting.PlatformMetrics.Path.TrimStart('/'));
        Assert.Matches("(?m)^gantry_notifications_retried_total\\{[^}]*kind=\"webhook\"", metrics);
        Assert.Matches("(?m)^gantry_notifications_failed_total\\{[^}]*kind=\"webhook\"", metrics);

        _receiver.Status = 200;
        var retried = await _server.Admin.PostAsJsonAsync("api/v1/notifications/failures/retry", new NotificationRetryRequest(Destination: "down"));
        Assert.Equal(1, (await retried.Content.ReadFromJsonAsync<NotificationRetryResult>(JsonSerializerOptions.Web))!.Requeued);

        var accepted = await Eventually.UntilAsync(() => Task.FromResult(_receiver.Accepted), a => a.Count == 1, Deadline, "the retried delivery");
        Assert.Equal(failures[0].IdempotencyKey, accepted.Single().Header("Idempotency-Key"));
        await Eventually.UntilAsync(async () => (await ListAsync("failures")).Count == 0, Deadline, "the failures list to empty");
    }

    [Fact]
    public async Task ADestinationThatRefusesFor4xx_IsNotRetried()
    {
        await AddAsync("gone", new NotificationDestinationRequest(Webhook: _receiver.Url.ToString(), Events: "release.failed"));
        _receiver.Status = 404;
        await DeployImageOnProcessRuntimeAsync();

        var failure = await Eventually.UntilAsync(() => ListAsync("failures"), f => f.Count == 1, Deadline, "the refused delivery");
        Assert.Equal(1, failure[0].Attempts);
        Assert.Equal("answered 404 Not Found", failure[0].LastError);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task RemovingADestination_DropsWhatIsStillOwedToIt()
    {
        await AddAsync("temporary", new NotificationDestinationRequest(Webhook: _receiver.Url.ToString(), Events: "release.*"));
        _receiver.Status = 500;
        await DeployImageOnProcessRuntimeAsync();
        await Eventually.UntilAsync(async () => (await ListAsync("deliveries?state=pending")).Count > 0, Deadline, "pending deliveries");

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/notifications/temporary")).StatusCode);

        Assert.Empty(await ListAsync("deliveries"));
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.DeleteAsync("api/v1/notifications/temporary")).StatusCode);
    }

    private async Task<NotificationDestinationInfo> AddAsync(string name, NotificationDestinationRequest request)
    {
        var response = await _server.Admin.PutAsJsonAsync($"api/v1/notifications/{name}", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<NotificationDestinationInfo>(JsonSerializerOptions.Web))!;
    }

    private async Task<List<DeliveryInfo>> ListAsync(string path) =>
        await _server.Admin.GetFromJsonAsync<List<DeliveryInfo>>($"api/v1/notifications/{path}", JsonSerializerOptions.Web) ?? [];

    /// <summary>An image on the process runtime fails its release at once, naming the container runtime.</summary>
    private async Task<DeployAccepted> DeployImageOnProcessRuntimeAsync()
    {
        var files = new Dictionary<string, string> { ["score.yaml"] = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\n" };
        var response = await _server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("score.yaml", files));
        var accepted = (await response.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web))!;
        Assert.Equal("Failed", (await _server.WaitForReleaseAsync(accepted.App, accepted.Release)).Release.Status);
        return accepted;
    }
}
