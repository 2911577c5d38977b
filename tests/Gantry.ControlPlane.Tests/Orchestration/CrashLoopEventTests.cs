using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Orchestration;

/// <summary>An instance that keeps crashing on the process runtime: each exit is an instance.crashed event, and the third in a row one instance.crashloop.</summary>
public sealed class CrashLoopEventTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-crashloop");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ThreeExitsInARow_AreACrashLoop_AnnouncedOnce()
    {
        await _server.DeployAsync(new NodeApp(Name: "loopy", CrashOnStart: true, ReadyTimeout: "120s"), _temp.Path);

        var events = await Eventually.UntilAsync(
            async () => await _server.Admin.GetFromJsonAsync<List<EventInfo>>("api/v1/events?app=loopy", JsonSerializerOptions.Web) ?? [],
            e => e.Count(x => x.Kind == "instance.crashed") >= 4, TimeSpan.FromSeconds(60), "four crashes");

        var loop = Assert.Single(events, e => e.Kind == "instance.crashloop");
        Assert.Matches(@"^instance loopy-web-1-\w{4} keeps crashing: it exited 3 times in a row without becoming ready \(last: exit code 3\)", loop.Message);
        var crashes = events.Where(e => e.Kind == "instance.crashed").OrderBy(e => e.Id).ToList();
        Assert.True(loop.Id > crashes[2].Id && loop.Id < crashes[3].Id, "announced right after the third crash");
    }
}
