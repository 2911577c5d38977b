using System.Buffers;
using System.Text;
using Gantry.Gateway.FastPath;

namespace Gantry.Gateway.Tests.FastPath;

public sealed class Http1RequestParserTests
{
    private readonly Http1RequestParser _parser = new();
    private readonly RequestHead _head = new();

    [Fact]
    public void AnAcceptedHead_ExposesItsParts_AndIsConsumedUpToItsBody()
    {
        var bytes = Bytes("POST /items?x=1 HTTP/1.1\r\nHost: a.test\r\nContent-Length:  5 \r\nX-Empty:\r\n\r\nhello");

        Assert.True(_parser.TryParseHead(new ReadOnlySequence<byte>(bytes), _head, out var consumed, out _));

        Assert.Equal(FastPathVerdict.Accept, _head.Verdict);
        Assert.Equal("POST", Text(_head.Method));
        Assert.Equal("/items?x=1", Text(_head.Target));
        Assert.Equal("/items", Text(_head.Path));
        Assert.Equal("?x=1", Text(_head.Query));
        Assert.True(_head.IsHttp11);
        Assert.True(_head.KeepAlive);
        Assert.Equal(BodyFraming.ContentLength, _head.Framing);
        Assert.Equal(5, _head.ContentLength);
        Assert.Equal(["Host: a.test", "Content-Length: 5", "X-Empty: "], _head.Fields.ToArray().Select(f => $"{Text(_head.NameOf(f))}: {Text(_head.ValueOf(f))}"));
        Assert.Equal(bytes.Length - 5, new ReadOnlySequence<byte>(bytes).Slice(0, consumed).Length);
        Assert.Equal(bytes.Length - 5, _head.Consumed);
    }

    [Fact]
    public void EveryPrefixOfAHead_AsksForMoreData_WithoutConsumingIt()
    {
        var bytes = Bytes("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n");
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(_parser.TryParseHead(buffer, _head, out var consumed, out var examined));
            Assert.Equal(buffer.Start, consumed);
            Assert.Equal(buffer.End, examined);
        }
    }

    [Fact]
    public void AFallBackOrARejection_ConsumesNothing_SoKestrelGetsEveryByte()
    {
        foreach (var raw in new[] { "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\r\n\r\n" })
        {
            var buffer = new ReadOnlySequence<byte>(Bytes(raw));
            Assert.True(_parser.TryParseHead(buffer, _head, out var consumed, out _));
            Assert.NotEqual(FastPathOutcome.Accept, _head.Verdict.Outcome);
            Assert.Equal(buffer.Start, consumed);
        }
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n", false)]
    public void KeepAlive_IsDecidedAsKestrelDecidesIt(string raw, bool keepAlive)
    {
        Assert.Equal(FastPathVerdict.Accept, Parse(raw));
        Assert.Equal(keepAlive, _head.KeepAlive);
    }

    [Fact]
    public void ConnectionOptions_NameTheHopByHopHeaders_AndExpectContinueIsSeen()
    {
        Assert.Equal(FastPathVerdict.Accept, Parse("POST / HTTP/1.1\r\nHost: a\r\nConnection: x-trace, keep-alive\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n"));

        Assert.True(_head.IsConnectionOption("X-Trace"u8));
        Assert.True(_head.IsConnectionOption("keep-alive"u8));
        Assert.False(_head.IsConnectionOption("host"u8));
        Assert.True(_head.ExpectContinue);
    }

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", BodyFraming.Chunked)]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", BodyFraming.ContentLength)]
    [InlineData("DELETE / HTTP/1.1\r\nHost: a\r\n\r\n", BodyFraming.None)]
    public void BodyFraming_FollowsTheHeaders(string raw, BodyFraming framing)
    {
        Assert.Equal(FastPathVerdict.Accept, Parse(raw));
        Assert.Equal(framing, _head.Framing);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n", "Upgrade")]
    [InlineData("CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", "CONNECT")]
    [InlineData("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", "authority-form")]
    [InlineData("GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", "malformed percent-encoding")]
    public void FormsTheFastPathDoesNotHandle_FallBackToKestrel(string raw, string reason)
        => Assert.Equal(FastPathVerdict.FallBack(reason), Parse(raw));

    [Fact]
    public void ARejectionLaterInTheHead_WinsOverAFallBack()
        => Assert.Equal(400, Parse("GET / HTTP/1.1\r\nX@Y: 1\r\nHost: a\r\nHost: b\r\n\r\n").StatusCode);

    [Fact]
    public void Limits_AreTheOnesGiven()
    {
        var parser = new Http1RequestParser(new FastPathLimits { MaxRequestLineSize = 32, MaxRequestHeadersTotalSize = 16, MaxRequestHeaderCount = 1 });

        Assert.Equal(414, Verdict(parser, "GET /" + new string('a', 40) + " HTTP/1.1\r\n").StatusCode);
        Assert.Equal(431, Verdict(parser, "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n").StatusCode);
        Assert.Equal(431, Verdict(parser, "GET / HTTP/1.1\r\nHost: " + new string('a', 20) + "\r\n\r\n").StatusCode);
        Assert.Equal(413, Verdict(new Http1RequestParser(new FastPathLimits { MaxRequestBodySize = 4 }), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n").StatusCode);
    }

    private FastPathVerdict Parse(string raw) => Verdict(_parser, raw);

    private FastPathVerdict Verdict(Http1RequestParser parser, string raw)
    {
        Assert.True(parser.TryParseHead(new ReadOnlySequence<byte>(Bytes(raw)), _head, out _, out _));
        return _head.Verdict;
    }

    private static byte[] Bytes(string raw) => Encoding.Latin1.GetBytes(raw);

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
