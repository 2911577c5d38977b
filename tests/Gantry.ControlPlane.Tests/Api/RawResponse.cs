using System.Globalization;
using System.Text;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>An HTTP/1.1 answer as it came off the socket: status, headers (names lower-cased) and the de-chunked body.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");

    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidDataException($"no complete HTTP answer: '{text}'");
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }

        var body = bytes.AsSpan(end + 4).ToArray();
        if (headers.GetValueOrDefault("transfer-encoding") == "chunked")
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var result = new MemoryStream();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.Latin1.GetString(chunked, position, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            result.Write(chunked, position + lineEnd + 2, size);
            position += lineEnd + 2 + size + 2;
        }

        return result.ToArray();
    }
}
