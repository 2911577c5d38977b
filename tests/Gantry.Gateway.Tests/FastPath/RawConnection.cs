using System.Net.Sockets;
using System.Text;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>A client socket that sends raw bytes and reads HTTP/1.1 responses one at a time (interim 1xx skipped).</summary>
public sealed class RawConnection(Socket socket) : IDisposable
{
    // Only a guard against a hang: every read is answered by a response or by the server closing.
    private static readonly TimeSpan ReadGuard = TimeSpan.FromSeconds(30);

    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly List<byte> _pending = [];

    public sealed record Response(int Status, bool Closes, string Body);

    /// <summary>A new connection to the gateway's plain-HTTP listener.</summary>
    public static async Task<RawConnection> ConnectAsync(TestGateway gateway)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, gateway.Client.BaseAddress!.Port);
        return new RawConnection(socket);
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Ends what the client sends, as a client that gave up would.</summary>
    public void EndSending() => socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next final response, or null when the server closed the connection (or reset it) first.</summary>
    public async Task<Response?> ReadAsync()
    {
        using var guard = new CancellationTokenSource(ReadGuard);
        while (true)
        {
            var headEnd = IndexOfHeadEnd();
            if (headEnd >= 0)
            {
                var head = Encoding.Latin1.GetString([.. _pending[..headEnd]]);
                var lines = head.Split("\r\n");
                var status = int.Parse(lines[0].Split(' ')[1]);
                var length = lines.Select(l => l.Split(':', 2)).Where(p => p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1])).FirstOrDefault();
                if (lines.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
                {
                    if (TryTakeChunked(headEnd + 4, status, lines) is { } chunked)
                    {
                        return chunked;
                    }
                }
                else if (_pending.Count >= headEnd + 4 + length)
                {
                    var body = Encoding.Latin1.GetString([.. _pending.GetRange(headEnd + 4, length)]);
                    _pending.RemoveRange(0, headEnd + 4 + length);
                    if (status >= 200)
                    {
                        var closes = lines.Any(l => l.Equals("Connection: close", StringComparison.OrdinalIgnoreCase));
                        return new Response(status, closes, body);
                    }

                    continue;
                }
            }

            var buffer = new byte[64 * 1024];
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, guard.Token);
            }
            catch (IOException)
            {
                return null; // reset by the server
            }

            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }

    /// <summary>Everything not yet read as a response, up to the server's close.</summary>
    public async Task<byte[]> ReadAllAsync()
    {
        using var guard = new CancellationTokenSource(ReadGuard);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await _stream.ReadAsync(buffer, guard.Token)) > 0)
        {
            _pending.AddRange(buffer.AsSpan(0, read));
        }

        return [.. _pending];
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>A whole chunked response (trailers ignored) taken from the pending bytes, or null while incomplete.</summary>
    private Response? TryTakeChunked(int bodyStart, int status, string[] lines)
    {
        var text = Encoding.Latin1.GetString([.. _pending]);
        var body = new StringBuilder();
        var at = bodyStart;
        while (true)
        {
            var lineEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                return null;
            }

            var size = Convert.ToInt32(text[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                // "0\r\n" then trailer lines, if any, and an empty line.
                var end = text.IndexOf("\r\n\r\n", lineEnd, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                var consumed = end + 4;
                _pending.RemoveRange(0, consumed);
                return new Response(status, lines.Any(l => l.Equals("Connection: close", StringComparison.OrdinalIgnoreCase)), body.ToString());
            }

            if (text.Length < lineEnd + 2 + size + 2)
            {
                return null;
            }

            body.Append(text, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private int IndexOfHeadEnd()
    {
        for (var i = 0; i + 3 < _pending.Count; i++)
        {
            if (_pending[i] == '\r' && _pending[i + 1] == '\n' && _pending[i + 2] == '\r' && _pending[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
