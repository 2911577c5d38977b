using System.Net.Sockets;
using System.Text;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>A client socket that sends raw bytes and reads HTTP/1.1 responses one at a time (interim 1xx skipped).</summary>
public sealed class RawConnection(Socket socket) : IDisposable
{
    // Only a guard against a hang: every read is answered by a response or by the server closing.
    private static readonly TimeSpan ReadGuard = TimeSpan.FromSeconds(30);

    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly List<byte> _pending = [];

    public sealed record Response(int Status, bool Closes, string Body);

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
                if (_pending.Count >= headEnd + 4 + length)
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

    public void Dispose() => _stream.Dispose();

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
