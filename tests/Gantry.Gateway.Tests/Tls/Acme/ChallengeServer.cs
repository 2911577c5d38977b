using System.Net;
using Gantry.Gateway.Tls.Acme;

namespace Gantry.Gateway.Tests.Tls.Acme;

/// <summary>Answers http-01 challenges from a <see cref="Http01ChallengeStore"/> on a fixed port of 127.0.0.1, where Pebble validates.</summary>
public sealed class ChallengeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChallengeServer(WebApplication app, Http01ChallengeStore store)
    {
        _app = app;
        Store = store;
    }

    public Http01ChallengeStore Store { get; }

    public static async Task<ChallengeServer> StartAsync(int port)
    {
        var store = new Http01ChallengeStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (!await store.TryAnswerAsync(context))
            {
                context.Response.StatusCode = 404;
            }
        });
        await app.StartAsync();
        return new ChallengeServer(app, store);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
