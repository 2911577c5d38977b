using System.Net;
using Gantry.Gateway.Tls.Acme;

namespace Gantry.Gateway.Tests.Tls.Acme;

/// <summary>Answers http-01 challenges from a <see cref="Http01ChallengeStore"/> on 127.0.0.1 (any free port; Pebble is told which).</summary>
public sealed class ChallengeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChallengeServer(WebApplication app, Http01ChallengeStore store, int port)
    {
        _app = app;
        Store = store;
        Port = port;
    }

    public Http01ChallengeStore Store { get; }

    /// <summary>The port bound, where Pebble must validate.</summary>
    public int Port { get; }

    public static async Task<ChallengeServer> StartAsync()
    {
        var store = new Http01ChallengeStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listener = listen));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (!await store.TryAnswerAsync(context))
            {
                context.Response.StatusCode = 404;
            }
        });
        await app.StartAsync();
        return new ChallengeServer(app, store, listener!.IPEndPoint!.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
