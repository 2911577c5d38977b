using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;
using Microsoft.Data.Sqlite;

namespace Gantry.ControlPlane.Tests.Audit;

/// <summary>
/// Changes through the API leave hash-chained audit entries (who, from where, what, when, outcome) that 'verify'
/// proves, and an entry altered or removed directly in the database breaks the proof at that entry.
/// </summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-audit");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task DeployScaleRollbackAndAKey_EachLeaveAnEntry_AndTheChainVerifies()
    {
        await _server.DeployAsync(new NodeApp(Name: "ledger", Greeting: "one"), _temp.Combine("v1"));
        await _server.WaitForReleaseAsync("ledger", 1);
        await _server.DeployAsync(new NodeApp(Name: "ledger", Greeting: "two"), _temp.Combine("v2"));
        await _server.WaitForReleaseAsync("ledger", 2);
        var scaled = await _server.Admin.PostAsJsonAsync("api/v1/apps/ledger/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 2 }));
        Assert.True(scaled.IsSuccessStatusCode, await scaled.Content.ReadAsStringAsync());
        await _server.WaitForReleaseAsync("ledger", (await scaled.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web))!.Release);
        await Succeeds(_server.Admin.PostAsJsonAsync("api/v1/apps/ledger/rollback", new RollbackRequest(1)));
        await Succeeds(_server.Admin.PostAsJsonAsync("api/v1/apps/ledger/keys", new CreateApiKeyRequest("partner", ["reader"])));

        var entries = await EntriesAsync("?app=ledger");

        Assert.Equal(
            ["POST /api/v1/deploy", "POST /api/v1/deploy", "POST /api/v1/apps/{app}/scale", "POST /api/v1/apps/{app}/rollback", "POST /api/v1/apps/{app}/keys"],
            entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.Equal("admin", e.Actor);
            Assert.Equal("127.0.0.1", e.Address);
            Assert.Equal("applied", e.Outcome);
            Assert.InRange(e.Time, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        });
        Assert.Contains("\"web\":2", entries[2].Summary, StringComparison.Ordinal);
        Assert.Contains("\"to\":1", entries[3].Summary, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"partner\"", entries[4].Summary, StringComparison.Ordinal);
        Assert.Contains("\"body\":\"application/json", entries[0].Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("createServer", entries[0].Summary, StringComparison.Ordinal);
        var verified = await VerifyAsync();
        Assert.True(verified.Valid, verified.Reason);
        Assert.Equal(entries[^1].Hash, verified.Head);
    }

    [Fact]
    public async Task SecretValuesAreNotRecorded_AndRefusedRequestsAre()
    {
        await Succeeds(_server.Admin.PatchAsJsonAsync("api/v1/apps/vault/config", new SettingsRequest(new() { ["API_TOKEN"] = "s3cret-value-8d7f" })));
        var refused = await _server.Admin.PutAsJsonAsync("api/v1/notifications/ops", new NotificationDestinationRequest(Webhook: "ftp://nope"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var entries = await EntriesAsync("");

        var change = Assert.Single(entries, e => e.Action == "PATCH /api/v1/apps/{app}/config");
        Assert.Contains("API_TOKEN", change.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value-8d7f", change.Summary, StringComparison.Ordinal);
        Assert.Equal(("applied", "vault"), (change.Outcome, change.App));
        var refusal = Assert.Single(entries, e => e.Action == "PUT /api/v1/notifications/{name}");
        Assert.Equal("refused (400)", refusal.Outcome);
        Assert.DoesNotContain("ftp://nope", refusal.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(await EntriesAsync(""), e => e.Action.StartsWith("GET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEntryAlteredInTheDatabase_FailsVerification_NamingIt()
    {
        for (var i = 0; i < 4; i++)
        {
            await Succeeds(_server.Admin.PatchAsJsonAsync("api/v1/apps/books/config", new SettingsRequest(new() { [$"K{i}"] = "v" })));
        }

        Assert.True((await VerifyAsync()).Valid);

        Execute("UPDATE Audit SET Actor = 'someone-else' WHERE Sequence = 2");
        var altered = await VerifyAsync();
        Assert.False(altered.Valid);
        Assert.Equal(2, altered.BrokenAt);
        Assert.Contains("changed after it was written", altered.Reason, StringComparison.Ordinal);

        Execute("DELETE FROM Audit WHERE Sequence = 2");
        var removed = await VerifyAsync();
        Assert.Equal(2, removed.BrokenAt);
        Assert.Contains("missing", removed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachEntry_ReachesADestinationTakingAuditEvents_WithItsHash_AndRefusalsToo()
    {
        await using var receiver = await HookReceiver.StartAsync();
        await Succeeds(_server.Admin.PutAsJsonAsync("api/v1/notifications/siem", new NotificationDestinationRequest(Webhook: receiver.Url.ToString(), Events: "audit.*")));
        await Succeeds(_server.Admin.PatchAsJsonAsync("api/v1/apps/books/config", new SettingsRequest(new() { ["PASSWORD"] = "hunter2-secret" })));
        var refused = await _server.Admin.PutAsJsonAsync("api/v1/notifications/ops", new NotificationDestinationRequest(Webhook: "ftp://nope"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var hooks = await Eventually.UntilAsync(() => Task.FromResult(receiver.Accepted), a => a.Count == 2, TimeSpan.FromSeconds(30), "two audit events");

        var entries = await EntriesAsync("");
        var bodies = hooks.Select(h => JsonSerializer.Deserialize<Gantry.ControlPlane.Notifications.EventNotification>(h.Body, JsonSerializerOptions.Web)!).ToList();
        Assert.All(bodies, b => Assert.Equal(("audit.recorded", "admin"), (b.Type, b.Actor)));
        var change = entries.Single(e => e.Action == "PATCH /api/v1/apps/{app}/config");
        Assert.Equal("books", bodies[0].App);
        Assert.Contains($"PATCH /api/v1/apps/{{app}}/config: applied", bodies[0].Message, StringComparison.Ordinal);
        Assert.EndsWith($"(entry {change.Sequence}, hash {change.Hash})", bodies[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", bodies[0].Message, StringComparison.Ordinal);
        Assert.Contains("PUT /api/v1/notifications/{name}: refused (400)", bodies[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesPastRetention_AreRemoved_TheRestStillVerifies_ButRemovingMoreBreaksIt()
    {
        for (var i = 0; i < 4; i++)
        {
            if (i == 2)
            {
                // Entries keep whole milliseconds: the cut between the second and third must fall between two times.
                var second = (await EntriesAsync(""))[^1].Time;
                await Eventually.UntilAsync(() => DateTimeOffset.UtcNow > second.AddMilliseconds(5), TimeSpan.FromSeconds(5), "the clock to move on");
            }

            await Succeeds(_server.Admin.PatchAsJsonAsync("api/v1/apps/books/config", new SettingsRequest(new() { [$"K{i}"] = "v" })));
        }

        var before = await EntriesAsync("");
        var retention = _server.Server.Services.GetRequiredService<Gantry.ControlPlane.Audit.AuditRetention>();

        var removed = await retention.PruneBeforeAsync(before[2].Time, "30d", CancellationToken.None);

        var after = await EntriesAsync("");
        Assert.True(removed == 2 && before[1].Time < before[2].Time, $"removed {removed}; times {before[1].Time:O} {before[2].Time:O}");
        Assert.Equal([3L, 4L, 5L], after.Select(e => e.Sequence));
        var prune = after[^1];
        Assert.Equal(("gantry", "audit: remove entries past retention", "removed 2 entries"), (prune.Actor, prune.Action, prune.Outcome));
        Assert.Contains($"\"through\":2,\"hash\":\"{before[1].Hash}\"", prune.Summary, StringComparison.Ordinal);
        var verified = await VerifyAsync();
        Assert.True(verified.Valid, verified.Reason);
        Assert.Equal((3L, 5L), (verified.First, verified.Last));

        Execute("DELETE FROM Audit WHERE Sequence = 3");
        var broken = await VerifyAsync();
        Assert.False(broken.Valid);
        Assert.Equal("entries 1–3 are missing, and no retention removal accounts for them", broken.Reason);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataPath, "gantry.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private async Task<List<AuditEntryInfo>> EntriesAsync(string query) =>
        await _server.Admin.GetFromJsonAsync<List<AuditEntryInfo>>($"api/v1/audit{query}", JsonSerializerOptions.Web) ?? [];

    private async Task<AuditVerification> VerifyAsync() =>
        (await _server.Admin.GetFromJsonAsync<AuditVerification>("api/v1/audit/verify", JsonSerializerOptions.Web))!;

    private static async Task Succeeds(Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
