using System.Net;
using System.Net.Sockets;
using Gantry.ControlPlane.DataPlane.Supervision;
using Microsoft.AspNetCore.Connections;

namespace Gantry.ControlPlane.Hosting;

/// <summary>What <c>gantry up</c> needs to run its gateway as a process of its own (<see cref="GatewayMode.Process"/>).</summary>
internal static class SeparateGateway
{
    /// <summary>
    /// The admin API's listening socket, bound before anything starts: the gateway is told the port to follow at once
    /// (also when it was asked as 0), and its first connection waits in the queue until the API serves.
    /// </summary>
    public static Socket BindAdmin(ServerOptions options)
    {
        var endpoint = new IPEndPoint(options.AdminAddress, options.AdminPort);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(512);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            var message = $"Failed to bind to address http://{endpoint}: address already in use.";
            throw new IOException(message, new AddressInUseException(message, e));
        }
    }

    public static GatewayProcessSettings Settings(ServerOptions options, DataDirectory data)
    {
        var executable = options.GatewayExecutable
            ?? throw new InvalidOperationException("the gateway runs as a process, but no gantry-gateway program was given");
        var args = GatewayArguments.For(
            data.Gateway,
            GatewayArguments.ControlPlaneUrl(options.AdminAddress, options.AdminPort),
            data.GatewayTokenFile,
            new IPEndPoint(options.HttpAddress, options.HttpPort),
            options.HttpsPort is { } https ? new IPEndPoint(options.HttpAddress, https) : null,
            options.AccessLog ? data.AccessLog : null,
            options.JwksAllowLoopback,
            options.JwksAllowPrivateNetworks);
        return new GatewayProcessSettings(executable, data.Gateway, data.GatewayLog, args);
    }

    /// <summary>Loggers for the supervisor, configured like the hosts' (it starts before them and stops after).</summary>
    public static ILoggerFactory Loggers(Action<ILoggingBuilder>? logging) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(LogLevel.Information);
        if (logging is null)
        {
            builder.AddSimpleConsole(c => c.SingleLine = true);
        }
        else
        {
            logging(builder);
        }
    });
}
