using System.Buffers;
using System.Text;
using Gantry.Gateway.FastPath;

namespace Gantry.Gateway.Tests.FastPath;

public sealed class ChunkedBodyDecoderTests
{
    private const string Body = "5;ext=1\r\nhello\r\n10\r\n, chunked world!\r\n0\r\nX-Trailer: 1\r\n\r\n";

    [Fact]
    public void ABody_FedOneByteAtATime_DecodesToTheSameBytes_AndStopsAfterItsTrailers()
    {
        var (decoded, status, rest) = Decode(Encoding.ASCII.GetBytes(Body + "GET /next"), chunkSize: 1);

        Assert.Equal(ChunkedBodyStatus.Completed, status);
        Assert.Equal("hello, chunked world!", decoded);
        Assert.Equal("GET /next", rest);
    }

    [Fact]
    public void ABody_InOneBuffer_HandsOutItsChunksWithoutCopying()
    {
        var (decoded, status, _) = Decode(Encoding.ASCII.GetBytes(Body), chunkSize: int.MaxValue);

        Assert.Equal(ChunkedBodyStatus.Completed, status);
        Assert.Equal("hello, chunked world!", decoded);
    }

    [Fact]
    public void ALongExtension_IsConsumedAsItArrives_NotBuffered()
    {
        var decoder = NewDecoder(FastPathLimits.Kestrel);
        var input = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("5;" + new string('x', 1000)));

        Assert.Equal(ChunkedBodyStatus.NeedMoreData, decoder.Read(input, out var consumed, out _));
        Assert.Equal(input.End, consumed);
    }

    [Theory]
    [InlineData("6\r\nhello!\r\n0\r\n\r\n", 413)]
    [InlineData("5\r\nhello\r\n0\r\nX: " + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\r\n\r\n", 431)]
    [InlineData("5\r\nhello\r\n0\r\nX: 1\r\nY: 2\r\n\r\n", 431)]
    public void Limits_RejectWithKestrelsStatus(string body, int status)
    {
        var limits = new FastPathLimits { MaxRequestBodySize = 14, MaxRequestHeadersTotalSize = 60, MaxRequestHeaderCount = 3 };
        var decoder = NewDecoder(limits);
        var input = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(body));
        ChunkedBodyStatus result;
        while ((result = decoder.Read(input, out var consumed, out _)) == ChunkedBodyStatus.Data)
        {
            input = input.Slice(consumed);
        }

        Assert.Equal(ChunkedBodyStatus.Rejected, result);
        Assert.Equal(status, decoder.Rejection.StatusCode);
    }

    private static ChunkedBodyDecoder NewDecoder(FastPathLimits limits)
    {
        using var head = new RequestHead();
        Assert.True(new Http1RequestParser(limits).TryParseHead(new ReadOnlySequence<byte>("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray()), head, out _, out _));
        var decoder = new ChunkedBodyDecoder(limits);
        decoder.Reset(head);
        return decoder;
    }

    /// <summary>Feeds the bytes as a pipe would, <paramref name="chunkSize"/> more at a time, keeping what was not consumed.</summary>
    private static (string Decoded, ChunkedBodyStatus Status, string Remainder) Decode(byte[] bytes, int chunkSize)
    {
        var decoder = NewDecoder(FastPathLimits.Kestrel);
        var decoded = new List<byte>();
        var start = 0;
        var available = Math.Min(chunkSize, bytes.Length);
        while (true)
        {
            var input = new ReadOnlySequence<byte>(bytes, start, available - start);
            var status = decoder.Read(input, out var consumed, out var data);
            decoded.AddRange(data.ToArray());
            start += (int)input.Slice(0, consumed).Length;
            if (status is ChunkedBodyStatus.Completed or ChunkedBodyStatus.Rejected)
            {
                return (Encoding.ASCII.GetString([.. decoded]), status, Encoding.ASCII.GetString(bytes, start, bytes.Length - start));
            }

            if (status == ChunkedBodyStatus.NeedMoreData)
            {
                Assert.True(available < bytes.Length, "the decoder asked for more than the body");
                available = (int)Math.Min(bytes.Length, (long)available + chunkSize);
            }
        }
    }
}
