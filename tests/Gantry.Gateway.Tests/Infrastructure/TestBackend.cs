using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Gateway.Tests.Infrastructure;

/// <summary>A real Kestrel app on 127.0.0.1:0 standing in for an app instance; counts what it served.</summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private int _concurrent;
    private int _peakConcurrent;

    private TestBackend(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public string Address { get; private set; } = string.Empty;

    public int Requests => Volatile.Read(ref _requests);

    public int PeakConcurrent => Volatile.Read(ref _peakConcurrent);

    /// <summary>Starts a backend that answers every request with "{name} {path}{query}" unless given its own handler.</summary>
    public static async Task<TestBackend> StartAsync(string name, RequestDelegate? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var backend = new TestBackend(app, name);
        handler ??= context => context.Response.WriteAsync($"{name} {context.Request.Path}{context.Request.QueryString}");
        app.Run(async context =>
        {
            Interlocked.Increment(ref backend._requests);
            backend.TrackPeak(Interlocked.Increment(ref backend._concurrent));
            try
            {
                await handler(context);
            }
            finally
            {
                Interlocked.Decrement(ref backend._concurrent);
            }
        });
        await app.StartAsync();
        backend.Address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return backend;
    }

    /// <summary>The address of a backend that was started and stopped: nothing listens there, connections are refused.</summary>
    public static async Task<string> StoppedAddressAsync()
    {
        var backend = await StartAsync("stopped");
        await backend.DisposeAsync();
        return backend.Address;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void TrackPeak(int current)
    {
        var peak = Volatile.Read(ref _peakConcurrent);
        while (current > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakConcurrent, current, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }
}
