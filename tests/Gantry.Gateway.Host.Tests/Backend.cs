using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Gateway.Host.Tests;

/// <summary>An app behind the gateway: Kestrel on 127.0.0.1 answering every request with one text.</summary>
internal sealed record Backend(WebApplication App, string Address) : IAsyncDisposable
{
    public static Task<Backend> StartAsync(string answer) => StartAsync(context => context.Response.WriteAsync(answer));

    public static async Task<Backend> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new Backend(app, app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    /// <summary>The address of a backend that was started and stopped again: nothing answers there now.</summary>
    public static async Task<string> StoppedAddressAsync()
    {
        await using var stopped = await StartAsync("");
        return stopped.Address;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
