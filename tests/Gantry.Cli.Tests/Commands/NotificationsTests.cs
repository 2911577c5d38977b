using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// 'gantry notifications' against a real receiver, and Gantry killed with SIGKILL while a delivery is in flight: the
/// event is delivered after the restart, with the same idempotency key, and nothing is lost.
/// </summary>
public sealed class NotificationsTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-notify");
    private HookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await HookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task KilledMidDelivery_TheEventIsDeliveredAfterRestart_WithTheSameKey()
    {
        var data = _temp.Combine("data");
        await using var first = await GantryProcess.StartAsync(data);
        var added = await first.RunAsync("notifications", "add", "hook", "--webhook", _receiver.Url.ToString(), "--events", "config.changed", "--json");
        Assert.True(added.ExitCode == 0, added.ToString());
        var secret = JsonDocument.Parse(added.Stdout).RootElement.GetProperty("secret").GetString()!;

        _receiver.Hold();
        var set = await first.RunAsync("config", "set", "shop", "GREETING=hi");
        Assert.True(set.ExitCode == 0, set.ToString());
        await Eventually.UntilAsync(() => _receiver.Received.Count == 1, TimeSpan.FromSeconds(30), "the delivery to be in flight");
        await first.KillAsync();
        _receiver.Release();

        await using var second = await GantryProcess.StartAsync(data);

        var accepted = await Eventually.UntilAsync(() => Task.FromResult(_receiver.Accepted), a => a.Count == 1, TimeSpan.FromSeconds(30), "the delivery after the restart");
        var delivered = accepted.Single();
        Assert.True(_receiver.Received.Count >= 2, "sent once before the kill and again after it");
        Assert.All(_receiver.Received, h => Assert.Equal(delivered.Header("Idempotency-Key"), h.Header("Idempotency-Key")));
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(delivered.Body)));
        Assert.Equal(signature, delivered.Header("X-Gantry-Signature"));
        using var body = JsonDocument.Parse(delivered.Body);
        Assert.Equal(("config.changed", "shop"), (body.RootElement.GetProperty("type").GetString(), body.RootElement.GetProperty("app").GetString()));

        var deliveries = await Eventually.UntilAsync(
            () => second.RunAsync("notifications", "deliveries", "hook", "--json"),
            r => r.ExitCode == 0 && r.Stdout.Contains("\"delivered\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "the delivery recorded as delivered");
        Assert.Single(JsonDocument.Parse(deliveries.Stdout).RootElement.EnumerateArray());
        var list = await second.RunAsync("notifications", "list");
        Assert.Contains("hook", list.Stdout, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{_receiver.Url.Port}/…", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Stdout + (await second.RunAsync("notifications", "list", "--json")).Stdout, StringComparison.Ordinal);
        Assert.Contains("no failed deliveries", (await second.RunAsync("notifications", "failures")).Stdout, StringComparison.Ordinal);
        var test = await second.RunAsync("notifications", "test", "hook");
        Assert.True(test.ExitCode == 0 && test.Stdout.Contains("delivered", StringComparison.Ordinal), test.ToString());

        // The audit entries written before the kill are there, in one chain with those after it.
        var audit = await second.RunAsync("audit", "--json");
        var actions = JsonDocument.Parse(audit.Stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["PUT /api/v1/notifications/{name}", "PATCH /api/v1/apps/{app}/config", "POST /api/v1/notifications/{name}/test"], actions);
        var verify = await second.RunAsync("audit", "verify");
        Assert.True(verify.ExitCode == 0 && verify.Stdout.Contains("valid: 3 entries", StringComparison.Ordinal), verify.ToString());
        Assert.Contains("GREETING", (await second.RunAsync("audit", "--app", "shop")).Stdout, StringComparison.Ordinal);

        // An export is checked without the server; an entry edited in it is named.
        var export = _temp.Combine("audit.json");
        await File.WriteAllTextAsync(export, audit.Stdout);
        var offline = await second.RunAsync("audit", "verify", "--file", export);
        Assert.True(offline.ExitCode == 0 && offline.Stdout.Contains("valid: 3 entries", StringComparison.Ordinal), offline.ToString());
        await File.WriteAllTextAsync(export, audit.Stdout.Replace("\"actor\": \"admin\"", "\"actor\": \"mallory\"", StringComparison.Ordinal));
        var tampered = await second.RunAsync("audit", "verify", "--file", export);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("broken at entry 1: its fields do not match its hash", tampered.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await second.RunAsync("audit", "verify", "--file", _temp.Combine("missing.json"))).ExitCode);
    }

    [Fact]
    public async Task BadFlags_AreRefused_NamingTheField()
    {
        await using var gantry = await GantryProcess.StartAsync(_temp.Combine("data"));

        var both = await gantry.RunAsync("notifications", "add", "ops", "--webhook", "https://a.example/", "--slack", "https://b.example/");
        var pattern = await gantry.RunAsync("notifications", "add", "ops", "--discord", "https://d.example/x", "--events", "Release!");
        var missing = await gantry.RunAsync("notifications", "test", "nobody");

        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("give exactly one of webhook, discord, slack, email and amqp", both.Stderr, StringComparison.Ordinal);
        Assert.Contains("events: 'Release!' is not an event type or pattern", pattern.Stderr, StringComparison.Ordinal);
        Assert.Contains("there is no notification destination 'nobody'", missing.Stderr, StringComparison.Ordinal);
    }
}
