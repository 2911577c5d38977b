using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>
/// A real Kestrel with default limits on 127.0.0.1:0 whose app reads the whole body and answers 200 with
/// "[body length][raw target]": what the fast path's verdicts are compared with.
/// </summary>
public sealed class KestrelProbe : IAsyncLifetime
{
    private WebApplication? _app;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            var length = 0L;
            var buffer = new byte[16 * 1024];
            for (int read; (read = await context.Request.Body.ReadAsync(buffer)) > 0;)
            {
                length += read;
            }

            var body = Encoding.ASCII.GetBytes($"[{length}][{context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget}]");
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        await _app.StartAsync();
        Port = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;
    }

    public async Task<RawConnection> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Port);
        return new RawConnection(socket);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
