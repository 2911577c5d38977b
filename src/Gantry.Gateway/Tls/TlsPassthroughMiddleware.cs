using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Gantry.Gateway.Tls;

/// <summary>
/// A Kestrel connection middleware placed before TLS termination: it peeks at the ClientHello and, when the server
/// name is a passthrough host, pipes the connection's bytes to the app untouched; otherwise Kestrel goes on to
/// terminate TLS itself, the peeked bytes still unread.
/// </summary>
internal sealed class TlsPassthroughMiddleware(ConnectionDelegate next, TlsPassthroughTable table, ILogger logger)
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        if (table.IsEmpty)
        {
            await next(connection);
            return;
        }

        var input = connection.Transport.Input;
        string? serverName = null;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            timeout.CancelAfter(HelloTimeout);
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await input.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    return; // no ClientHello in time: drop the connection
                }

                var outcome = ClientHelloParser.TryParse(read.Buffer, out serverName);
                if (outcome == ClientHelloParser.Outcome.Incomplete && !read.IsCompleted)
                {
                    input.AdvanceTo(read.Buffer.Start, read.Buffer.End); // nothing consumed, wait for more
                    continue;
                }

                input.AdvanceTo(read.Buffer.Start); // nothing consumed: TLS termination or the pipe reads it all again
                break;
            }
        }

        if (serverName is null || !table.Contains(serverName))
        {
            await next(connection);
            return;
        }

        if (table.Pick(serverName) is not { } backend)
        {
            TlsLog.PassthroughNoInstance(logger, serverName);
            return;
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(backend, connection.ConnectionClosed);
        }
        catch (SocketException ex)
        {
            TlsLog.PassthroughConnectFailed(logger, serverName, backend.ToString(), ex.SocketErrorCode.ToString());
            return;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var toApp = connection.Transport.Input.CopyToAsync(stream, connection.ConnectionClosed);
        var toClient = stream.CopyToAsync(connection.Transport.Output, connection.ConnectionClosed);
        await Task.WhenAny(Ignore(toApp), Ignore(toClient));
        socket.Shutdown(SocketShutdown.Both);
        await Task.WhenAll(Ignore(toApp), Ignore(toClient));
    }

    private static async Task Ignore(Task copy)
    {
        try
        {
            await copy;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ConnectionResetException)
        {
            // either side went away: the other is closed below
        }
    }
}
