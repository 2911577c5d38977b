using System.Net.Sockets;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Sends exactly the bytes given over a fresh connection and reads the answer until the server closes it: HttpClient
/// would correct or refuse what the fuzz cases need to send (a wrong Content-Length, raw bytes in a path).
/// </summary>
internal static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, timeout.Token);
        }
        catch (IOException) when (answer.Length > 0)
        {
            // A server that refuses a request it has not read in full may reset the connection after answering.
        }

        return RawResponse.Parse(answer.ToArray());
    }
}
