using Gantry.Gateway;
using Gantry.Gateway.Tls;

namespace Gantry.ControlPlane.Hosting;

/// <summary>The gateway inside the control plane's process (<see cref="GatewayMode.InProcess"/>): app traffic on the HTTP and HTTPS ports.</summary>
internal static class InProcessGateway
{
    public static WebApplication Build(ServerOptions options, DataDirectory data, Listeners listeners, Action<ILoggingBuilder>? logging)
    {
        // The slim builder: app traffic needs routing and forwarding only, and every service less is work saved per request.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        GantryServer.ConfigureCommon(builder, logging);
        var certificates = new CertificateStore();
        var passthrough = new TlsPassthroughTable();
        builder.Services.AddSingleton(certificates);
        builder.Services.AddSingleton(passthrough);

        // Requests run on the socket's completion thread instead of hopping to the thread pool: with the
        // gateway's short, non-blocking per-request work this is measured cheaper (docs/gateway.md, Performance).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.HttpAddress, options.HttpPort, listen => listeners.Http = listen);
            if (options.HttpsPort is { } httpsPort)
            {
                k.Listen(options.HttpAddress, httpsPort, listen => listeners.Https = listen.UseGantryTls(certificates, passthrough));
            }
        });
        builder.Services.AddGantryGateway(gateway =>
        {
            gateway.StateDirectory = data.Gateway;
            gateway.AccessLogPath = options.AccessLog ? data.AccessLog : null;
            gateway.JwksAllowLoopback = options.JwksAllowLoopback;
            gateway.JwksAllowPrivateNetworks = options.JwksAllowPrivateNetworks;
        });
        var app = builder.Build();
        app.UseGantryGateway();
        return app;
    }
}
