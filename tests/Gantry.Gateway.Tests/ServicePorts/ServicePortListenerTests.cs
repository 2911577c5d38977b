using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.Gateway.ServicePorts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Gateway.Tests.ServicePorts;

/// <summary>The stable address of a service port on the process runtime, with real sockets on 127.0.0.1.</summary>
public sealed class ServicePortListenerTests
{
    [Fact]
    public async Task Connections_GoToTheReadyInstancesInTurn_AndBytesFlowBothWays_WithTheClientsFinishPassedOn()
    {
        using var a = Backend.Start("A");
        using var b = Backend.Start("B");
        await using var listener = ServicePortListener.Start(0, "shop/api/web", NullLogger.Instance);
        listener.SetEndpoints([a.Endpoint, b.Endpoint]);

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await CallAsync(listener.Port, "hello"));
        }

        // Each backend names itself and counts the bytes it read before the client's finish reached it.
        Assert.Equal(2, answers.Count(x => x == "A:5"));
        Assert.Equal(2, answers.Count(x => x == "B:5"));
    }

    [Fact]
    public async Task AnInstanceThatRefuses_IsSkippedForTheNext()
    {
        using var b = Backend.Start("B");
        using var refusing = Backend.Refusing();
        await using var listener = ServicePortListener.Start(0, "shop/api/web", NullLogger.Instance);
        listener.SetEndpoints([(IPEndPoint)refusing.LocalEndPoint!, b.Endpoint]);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("B:2", await CallAsync(listener.Port, "hi"));
        }
    }

    [Fact]
    public async Task WithNoInstanceReady_TheConnectionIsClosedAtOnce_AndServedAgainOnceOneIs()
    {
        await using var listener = ServicePortListener.Start(0, "shop/api/web", NullLogger.Instance);

        Assert.Equal("", await CallAsync(listener.Port, "hi"));

        using var a = Backend.Start("A");
        listener.SetEndpoints([a.Endpoint]);
        Assert.Equal("A:2", await CallAsync(listener.Port, "hi"));
    }

    [Fact]
    public async Task APortTaken_IsASocketError_AndAClosedListenerFreesItsPort()
    {
        var listener = ServicePortListener.Start(0, "shop/api/web", NullLogger.Instance);
        var port = listener.Port;

        Assert.Throws<SocketException>(() => ServicePortListener.Start(port, "other", NullLogger.Instance));
        await listener.DisposeAsync();
        await using var again = ServicePortListener.Start(port, "shop/api/web", NullLogger.Instance);
        Assert.Equal(port, again.Port);
    }

    /// <summary>Sends <paramref name="text"/>, finishes sending, and reads the whole answer (empty when the connection was closed).</summary>
    private static async Task<string> CallAsync(int port, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        try
        {
            await client.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, timeout.Token);
            client.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            return ""; // closed before the bytes went out
        }

        return await ReadAllAsync(client, timeout.Token);
    }

    private static async Task<string> ReadAllAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // reset by the listener: what came so far is the answer
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>An instance: reads until the client finishes, then answers with its name and the byte count.</summary>
    private sealed class Backend : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        private Backend(string name)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _ = ServeAsync(name);
        }

        public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

        public static Backend Start(string name) => new(name);

        /// <summary>A socket bound but not listening: connections to its address are refused, and no other socket can take it meanwhile.</summary>
        public static Socket Refusing()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task ServeAsync(string name)
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = AnswerAsync(socket, name);
            }
        }

        private static async Task AnswerAsync(Socket socket, string name)
        {
            using (socket)
            {
                var text = await ReadAllAsync(socket, CancellationToken.None);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"{name}:{text.Length}"), SocketFlags.None);
                socket.Shutdown(SocketShutdown.Both);
            }
        }
    }
}
