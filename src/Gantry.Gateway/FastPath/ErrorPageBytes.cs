using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Gantry.Gateway.Pages;
using Microsoft.AspNetCore.WebUtilities;

namespace Gantry.Gateway.FastPath;

/// <summary>The gateway's error page (<see cref="ErrorPages"/>) written straight to a connection, with the same headers.</summary>
internal static class ErrorPageBytes
{
    public static void Write(PipeWriter output, int statusCode, string encodedMessage, bool headRequest)
    {
        var body = Encoding.UTF8.GetBytes(ErrorPages.Render(statusCode, encodedMessage));
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}\r\nContent-Type: text/html; charset=utf-8\r\n" +
            $"Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        output.Write(Encoding.ASCII.GetBytes(head));
        if (!headRequest)
        {
            output.Write(body);
        }
    }
}
