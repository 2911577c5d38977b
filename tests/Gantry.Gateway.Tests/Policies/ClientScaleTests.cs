using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>
/// Clients cannot grow the gateway: a flood of distinct addresses through a route with a bandwidth limit and a rate
/// limit keeps every per-client table within its bound, with bounded work per new client, bounded memory, and exact
/// limits for the clients that keep coming back. Timings are printed for the record, never asserted.
/// </summary>
/// <remarks>
/// Alone in its collection, which xUnit runs after the others with nothing beside it: the memory measured is the
/// process's, and another test allocating at the same time once pushed it past the bound.
/// </remarks>
[Collection(nameof(ClientScaleTests))]
public sealed class ClientScaleTests(ITestOutputHelper output)
{
    private static readonly byte[] ResponseBody = new byte[200];

    /// <summary>Anonymous callers by address (100 a minute each), plus two API-key tiers with totals, and a bandwidth limit.</summary>
    private static RoutePolicyConfig Policy(int memberTotal) => new()
    {
        Auth = new AuthConfig(null, ApiKeys: true, Anonymous: true),
        RateLimit = new RateLimitConfig("auto", new QuotaConfig(null, 100, null, null),
        [
            new TierConfig("member", new QuotaConfig(null, null, null, memberTotal)),
            new TierConfig("guest", new QuotaConfig(null, null, null, 5)),
        ]),
        BandwidthPerMinute = 1024 * 1024,
    };

    private static AppClients Keys() => new(
        [new ApiKeyConfig("k1", "frequent", GatewayClients.Hash("gk_frequent"), ["member"]), new ApiKeyConfig("k2", "rare", GatewayClients.Hash("gk_rare"), ["guest"])],
        [], [], []);

    [Fact]
    public async Task TwoHundredThousandClientAddresses_ThroughTheCompiledRoutePolicy_KeepTablesAndMemoryBounded_AndLimitReturningClientsExactly()
    {
        const int Clients = 200_000;
        const int Capacity = 10_000;
        var clients = new GatewayClients();
        clients.Replace("shop", Keys());
        using var state = new PolicyState(Options.Create(new GatewayOptions { MaxClientEntries = Capacity }), clients, NullLogger<PolicyState>.Instance);
        var policy = new CompiledRoutePolicy("shop", "shop/api", Policy(memberTotal: 60), state, jwt: null);
        var counters = state.Counters.Live;
        var windows = state.Bandwidth.Table;
        var frequent = new List<int>();
        var rare = new List<int>();
        var keptBeforeLastRareVisit = (-1, -1);

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var chunk = Stopwatch.StartNew();
        for (var i = 0; i < Clients; i++)
        {
            Assert.Equal(200, await SendInProcessAsync(policy, new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]), apiKey: null));
            if (i % 2_000 == 1_999)
            {
                frequent.Add(await SendInProcessAsync(policy, IPAddress.Parse("192.0.2.1"), "gk_frequent"));
            }

            if (i % 25_000 == 12_345)
            {
                if (rare.Count == 7)
                {
                    keptBeforeLastRareVisit = state.Counters.Kept;
                }

                rare.Add(await SendInProcessAsync(policy, IPAddress.Parse("192.0.2.2"), "gk_rare"));
            }

            if (i % 20_000 == 19_999)
            {
                Assert.InRange(counters.Count, 0, Capacity);
                Assert.InRange(windows.Count, 0, Capacity);
                output.WriteLine($"{i + 1,7} clients: last 20,000 in {chunk.Elapsed.TotalMilliseconds,7:0.0} ms ({chunk.Elapsed.TotalMicroseconds / 20_000:0.00} µs each); counters {counters.Count}, windows {windows.Count}, examined/admission {(double)counters.Examined / counters.Admissions:0.00}");
                chunk.Restart();
            }
        }

        var growth = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        output.WriteLine($"managed memory growth after {Clients:N0} clients: {growth / 1024.0 / 1024.0:0.0} MiB; kept counts {state.Counters.Kept}");

        // Unbounded (a capacity above the client count) this run measured 83.5 MiB: two tables of 200,000 entries.
        // Bounded it measures about 4 MiB alone (27 MiB once, when another test allocated beside it): under half of
        // unbounded is the bound.
        Assert.InRange(growth, long.MinValue, 40L * 1024 * 1024);
        Assert.Equal(Capacity, counters.Count);
        Assert.Equal(Capacity, windows.Count);
        foreach (var table in new[] { (counters.Admissions, counters.Examined), (windows.Admissions, windows.Examined) })
        {
            Assert.True(table.Admissions >= Clients, $"{table.Admissions} admissions");
            Assert.True(table.Examined <= table.Admissions * BoundedTable<int, string>.MaxExamined, $"{table.Examined} entries examined for {table.Admissions} admissions");
        }

        // The frequent client never left the table; the rare one was evicted between visits and got its count back.
        Assert.Equal([.. Enumerable.Repeat(200, 60), .. Enumerable.Repeat(429, 40)], frequent);
        Assert.Equal([200, 200, 200, 200, 200, 429, 429, 429], rare);
        Assert.Equal((1, 0), keptBeforeLastRareVisit);
    }

    [Fact]
    public async Task ThousandsOfClientAddresses_OverRealSockets_KeepTheGatewaysTablesBounded_AndLimitAReturningClientExactly()
    {
        // Linux routes all of 127.0.0.0/8 to the loopback interface: each client binds its own source address.
        const int Clients = 5_000;
        const int Capacity = 1_000;
        await using var backend = await TestBackend.StartAsync("app", context => context.Response.Body.WriteAsync(ResponseBody).AsTask());
        await using var gateway = await TestGateway.StartAsync(o => o.MaxClientEntries = Capacity);
        gateway.Clients.Replace("shop", Keys());
        gateway.Publish(PolicyRoutes.With(backend, Policy(memberTotal: 20)));
        var endpoint = new IPEndPoint(IPAddress.Loopback, gateway.Client.BaseAddress!.Port);
        var counters = gateway.Policies.Counters.Live;
        var windows = gateway.Policies.Bandwidth.Table;
        var returning = new List<int>();
        var refused = 0;

        var chunk = Stopwatch.StartNew();
        for (var start = 0; start < Clients; start += 100)
        {
            await Parallel.ForEachAsync(Enumerable.Range(start, 100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var status = await SendOverSocketAsync(endpoint, new IPAddress([127, 10, (byte)(i / 250), (byte)(1 + (i % 250))]), apiKey: null, ct);
                if (status != 200)
                {
                    Interlocked.Increment(ref refused);
                }
            });
            returning.Add(await SendOverSocketAsync(endpoint, new IPAddress([127, 9, 0, 1]), "gk_frequent", default));
            Assert.InRange(counters.Count, 0, Capacity);
            Assert.InRange(windows.Count, 0, Capacity);
            if ((start + 100) % 1_000 == 0)
            {
                output.WriteLine($"{start + 100,6} clients over sockets: last 1,000 in {chunk.Elapsed.TotalMilliseconds,7:0.0} ms; counters {counters.Count}, windows {windows.Count}");
                chunk.Restart();
            }
        }

        Assert.Equal(0, refused);
        Assert.True(counters.Admissions >= Clients, $"{counters.Admissions} counters admitted: the gateway did not see distinct addresses");
        Assert.True(counters.Examined <= counters.Admissions * BoundedTable<int, string>.MaxExamined);
        Assert.True(windows.Examined <= windows.Admissions * BoundedTable<int, string>.MaxExamined);
        Assert.Equal([.. Enumerable.Repeat(200, 20), .. Enumerable.Repeat(429, (Clients / 100) - 20)], returning);
        Assert.Equal(Clients + 20, backend.Requests);
    }

    /// <summary>One request through the route's policies as the gateway runs them, the app answering 200 with a small body.</summary>
    private static async Task<int> SendInProcessAsync(CompiledRoutePolicy policy, IPAddress address, string? apiKey)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = address;
        context.Request.Method = "GET";
        context.Request.Host = new HostString("shop.test");
        context.Request.Path = "/";
        if (apiKey is not null)
        {
            context.Request.Headers["X-Api-Key"] = apiKey;
        }

        context.Response.Body = Stream.Null;
        var feature = new GatewayRequestFeature();
        if (await policy.AdmitAsync(context, feature))
        {
            context.Response.StatusCode = 200;
            await context.Response.Body.WriteAsync(ResponseBody);
        }

        policy.Complete(context, feature);
        return context.Response.StatusCode;
    }

    /// <summary>One short HTTP/1.1 connection from <paramref name="source"/>; the status code of the answer.</summary>
    private static async Task<int> SendOverSocketAsync(IPEndPoint gateway, IPAddress source, string? apiKey, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(gateway, ct);
        var key = apiKey is null ? "" : $"X-Api-Key: {apiKey}\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: shop.test\r\n{key}Connection: close\r\n\r\n"), ct);
        var buffer = new byte[4096];
        var received = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory(received), ct)) > 0)
        {
            received = Math.Min(received + read, buffer.Length - 1);
        }

        var statusLine = Encoding.ASCII.GetString(buffer, 0, Math.Min(received, 12));
        return int.Parse(statusLine.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Runs <see cref="ClientScaleTests"/> with no other test class beside it.</summary>
[CollectionDefinition(nameof(ClientScaleTests), DisableParallelization = true)]
public sealed class ClientScaleCollection;
