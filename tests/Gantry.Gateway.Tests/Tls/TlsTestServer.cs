using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gantry.Gateway.Tls;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Gateway.Tests.Tls;

/// <summary>A Kestrel HTTPS endpoint on 127.0.0.1:0 that picks certificates from a <see cref="CertificateStore"/>, as the gateway's listener does.</summary>
public sealed class TlsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TlsTestServer(WebApplication app, CertificateStore store, int port)
    {
        _app = app;
        Store = store;
        Port = port;
    }

    public CertificateStore Store { get; }

    public int Port { get; }

    public static async Task<TlsTestServer> StartAsync(CertificateStore store, TlsPassthroughTable? passthrough = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseGantryTls(store, passthrough)));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync($"hello {context.Request.Host.Host} on connection {context.Connection.Id}"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return new TlsTestServer(app, store, address.Port);
    }

    /// <summary>Handshakes for <paramref name="serverName"/> (accepting any certificate) and returns what the server sent, or null when it refused.</summary>
    public async Task<(X509Certificate2? Leaf, int ChainLength)> HandshakeAsync(string serverName)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        var chainLength = 0;

        // This probe looks at whatever certificate the server picks, trusted or not; tests that check trust use ClientTrusting.
#pragma warning disable CA5359
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, chain, _) =>
        {
            chainLength = chain?.ChainElements.Count ?? 0;
            return true;
        });
#pragma warning restore CA5359
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName });
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            return (null, 0);
        }

        return (new X509Certificate2(ssl.RemoteCertificate!), chainLength);
    }

    /// <summary>An HTTP client that connects to this server for any host name and trusts only <paramref name="root"/>.</summary>
    public HttpClient ClientTrusting(X509Certificate2 root)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { root }, RevocationMode = X509RevocationMode.NoCheck },
            },
        };
        return new HttpClient(handler);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
