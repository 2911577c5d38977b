namespace Gantry.Gateway.Tests.FastPath;

/// <summary>
/// Raw requests that request-smuggling and parser-differential attacks are made of, with the verdict Kestrel 10 gives
/// them (proved against a real Kestrel by <see cref="KestrelEquivalenceTests"/>). Where Kestrel departs from what
/// RFC 9112 suggests, the comment says so and the parser follows Kestrel.
/// </summary>
public static class SmugglingCorpus
{
    private const string Post = "POST / HTTP/1.1\r\nHost: a\r\n";
    private const string Hello = "5\r\nhello\r\n0\r\n\r\n";
    private const string Chunked = Post + "Transfer-Encoding: chunked\r\n\r\n";

    public static IReadOnlyList<CorpusCase> Cases { get; } =
    [
        // Baselines.
        CorpusCase.Accept("plain GET", "GET /a?b=c HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.Accept("Content-Length body", Post + "Content-Length: 5\r\n\r\nhello", 5),
        CorpusCase.Accept("chunked body", Chunked + Hello, 5),
        CorpusCase.Accept("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n"),
        CorpusCase.Accept("pipelined requests", Post + "Content-Length: 2\r\n\r\nhiGET /second HTTP/1.1\r\nHost: a\r\n\r\n", 2),

        // CL.TE and TE.CL: Transfer-Encoding wins and the connection closes (RFC 9112 §6.3; Kestrel does both).
        CorpusCase.Accept("CL.TE with a smuggled request", Post + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.Accept("TE.CL with a smuggled request", Post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n" + Hello + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 5),
        CorpusCase.Reject("CL.TE with an unknown coding", Post + "Content-Length: 5\r\nTransfer-Encoding: xchunked\r\n\r\nhello"),

        // TE.TE: obfuscated Transfer-Encoding.
        CorpusCase.Reject("TE xchunked", Post + "Transfer-Encoding: xchunked\r\n\r\n" + Hello),
        CorpusCase.Reject("TE with space before colon", Post + "Transfer-Encoding : chunked\r\n\r\n" + Hello),
        CorpusCase.Accept("TE after a tab (OWS)", Post + "Transfer-Encoding:\tchunked\r\n\r\n" + Hello, 5),
        CorpusCase.Accept("TE in capitals", Post + "Transfer-encoding: CHUNKED\r\n\r\n" + Hello, 5),
        CorpusCase.Reject("TE chunked then gzip", Post + "Transfer-Encoding: chunked, gzip\r\n\r\n" + Hello),
        CorpusCase.Reject("TE chunked with a parameter", Post + "Transfer-Encoding: chunked;q=1\r\n\r\n" + Hello),
        CorpusCase.Reject("TE quoted", Post + "Transfer-Encoding: \"chunked\"\r\n\r\n" + Hello),
        CorpusCase.Reject("TE empty", Post + "Transfer-Encoding: \r\n\r\n" + Hello),
        CorpusCase.Reject("TE with a tab inside the list", Post + "Transfer-Encoding: gzip,\tchunked\r\n\r\n" + Hello),
        CorpusCase.Reject("TE with a vertical tab", Post + "Transfer-Encoding: chunked\x0b\r\n\r\n" + Hello),
        CorpusCase.Reject("TE lines chunked then gzip", Post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n" + Hello),
        // RFC 9112 §6.1 forbids chunked twice; Kestrel takes it because chunked is last. Left to Kestrel.
        CorpusCase.FallBack("TE chunked, chunked", Post + "Transfer-Encoding: chunked, chunked\r\n\r\n" + Hello),
        CorpusCase.FallBack("TE lines chunked and chunked", Post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + Hello),
        CorpusCase.FallBack("TE gzip, chunked", Post + "Transfer-Encoding: gzip, chunked\r\n\r\n" + Hello),
        CorpusCase.FallBack("HTTP/1.0 with TE", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n" + Hello),
        CorpusCase.Reject("HTTP/1.0 with an unknown TE", "GET / HTTP/1.0\r\nTransfer-Encoding: xchunked\r\n\r\n"),

        // Content-Length.
        // RFC 9110 §8.6 lets a recipient merge identical values; Kestrel refuses any second Content-Length.
        CorpusCase.Reject("duplicate identical CL", Post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
        CorpusCase.Reject("conflicting CL", Post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
        CorpusCase.Reject("CL list", Post + "Content-Length: 5, 5\r\n\r\nhello"),
        CorpusCase.Reject("CL negative", Post + "Content-Length: -5\r\n\r\nhello"),
        // RFC 9110 says 1*DIGIT; Kestrel takes a leading '+'. Left to it.
        CorpusCase.FallBack("CL with a plus sign", Post + "Content-Length: +5\r\n\r\nhello"),
        CorpusCase.Accept("CL with leading zeros", Post + "Content-Length: 005\r\n\r\nhello", 5),
        CorpusCase.Accept("CL with trailing whitespace", Post + "Content-Length: 5 \r\n\r\nhello", 5),
        CorpusCase.Reject("CL with inner space", Post + "Content-Length: 5 5\r\n\r\nhello"),
        CorpusCase.Reject("CL in hex", Post + "Content-Length: 0x5\r\n\r\nhello"),
        CorpusCase.Reject("CL empty", Post + "Content-Length: \r\n\r\nhello"),
        CorpusCase.Reject("CL overflow", Post + "Content-Length: 99999999999999999999\r\n\r\nhello"),
        CorpusCase.Reject("CL over the body limit", Post + "Content-Length: 30000001\r\n\r\nhello", 413),
        CorpusCase.Accept("CL shorter than what follows", Post + "Content-Length: 3\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 3),
        CorpusCase.Reject("HTTP/1.0 POST without a length", "POST / HTTP/1.0\r\n\r\n"),
        CorpusCase.Accept("HTTP/1.1 POST without a length", Post + "\r\n"),

        // Header lines.
        CorpusCase.Reject("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"),
        CorpusCase.Reject("whitespace before the first header", "GET / HTTP/1.1\r\n Host: a\r\n\r\n"),
        CorpusCase.Reject("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n"),
        CorpusCase.Reject("NUL in a header value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n"),
        CorpusCase.Reject("NUL in a header name", "GET / HTTP/1.1\r\nHost: a\r\nX\0: a\r\n\r\n"),
        CorpusCase.Reject("bare CR in a header value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n"),
        CorpusCase.Reject("bare CR ending the head", "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n"),
        CorpusCase.Reject("invalid UTF-8 in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u00ffb\r\n\r\n"),
        CorpusCase.Reject("non-ASCII header name", "GET / HTTP/1.1\r\nHost: a\r\nX\xe9: a\r\n\r\n"),
        CorpusCase.Reject("header line without colon", "GET / HTTP/1.1\r\nHost: a\r\nX\r\n\r\n"),
        CorpusCase.Reject("empty header name", "GET / HTTP/1.1\r\nHost: a\r\n: a\r\n\r\n"),
        // RFC 9112 §2.2 lets a recipient take a bare LF as a line end; Kestrel does, in heads (not in chunk framing).
        CorpusCase.Accept("bare LF line ends", "GET / HTTP/1.1\nHost: a\n\n"),
        CorpusCase.Accept("UTF-8 in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\r\n\r\n"),
        // Kestrel takes any ASCII but NUL, ':' and whitespace in names, and controls in values; RFC 9110 does not.
        CorpusCase.FallBack("header name with '@'", "GET / HTTP/1.1\r\nHost: a\r\nX@Y: a\r\n\r\n"),
        CorpusCase.FallBack("control byte in a value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n"),
        CorpusCase.Reject("101 header fields", "GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"X{i}: a\r\n")) + "\r\n", 431),
        CorpusCase.Reject("header section over 32 KB", "GET / HTTP/1.1\r\nHost: a\r\nX: " + new string('a', 32800) + "\r\n\r\n", 431),
        CorpusCase.Accept("header section just under 32 KB", "GET / HTTP/1.1\r\nHost: a\r\nX: " + new string('a', 32700) + "\r\n\r\n"),

        // Host.
        CorpusCase.Reject("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n"),
        CorpusCase.Reject("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"),
        CorpusCase.Reject("two Host headers in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"),
        CorpusCase.Reject("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n"),
        CorpusCase.Reject("Host with an empty port", "GET / HTTP/1.1\r\nHost: a:\r\n\r\n"),
        CorpusCase.Accept("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n"),
        CorpusCase.Accept("IPv6 Host with a port", "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n"),

        // Request line.
        CorpusCase.Reject("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
        CorpusCase.Reject("lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", 505),
        CorpusCase.Reject("space after the version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("bare CR after the version", "GET / HTTP/1.1\r\rHost: a\r\n\r\n"),
        CorpusCase.Reject("two spaces after the method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("no version", "GET /\r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("invalid method byte", "G@T / HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("NUL in the target", "GET /\0 HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("non-ASCII target", "GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("target starting with '?'", "GET ?a HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("request line over 8 KB", "GET /" + new string('a', 8200) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        CorpusCase.Accept("empty lines before the request", "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.FallBack("absolute-form", "GET http://a/b HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.FallBack("asterisk-form", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.Reject("asterisk-form without OPTIONS", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 405),
        CorpusCase.Reject("authority-form without CONNECT", "GET a:80 HTTP/1.1\r\nHost: a\r\n\r\n", 405),
        CorpusCase.Reject("upper-case scheme (authority-form to Kestrel)", "GET HTTP://a/ HTTP/1.1\r\nHost: a\r\n\r\n"),
        // Kestrel skips extra spaces before the version and takes '#' or controls in the target; RFC 9112 does not.
        CorpusCase.FallBack("two spaces before the version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n"),
        CorpusCase.FallBack("fragment in the target", "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n"),

        // Chunked framing.
        CorpusCase.Reject("chunk size overflow", Chunked + "fffffffff\r\nhello\r\n0\r\n\r\n", kestrelStatus: 500),
        CorpusCase.Reject("chunk size over 8 digits", Chunked + "0000000005\r\nhello\r\n0\r\n\r\n"),
        CorpusCase.Accept("chunk size with leading zeros", Chunked + "00000005\r\nhello\r\n0\r\n\r\n", 5),
        CorpusCase.Reject("chunk size with a sign", Chunked + "+5\r\nhello\r\n0\r\n\r\n"),
        CorpusCase.Reject("chunk size in 0x form", Chunked + "0x5\r\nhello\r\n0\r\n\r\n"),
        CorpusCase.Reject("space after the chunk size", Chunked + "5 \r\nhello\r\n0\r\n\r\n"),
        CorpusCase.Reject("empty chunk size", Chunked + "\r\nhello\r\n0\r\n\r\n"),
        CorpusCase.Reject("bare LF after the chunk size", Chunked + "5\nhello\r\n0\r\n\r\n"),
        CorpusCase.Reject("bare LF after chunk data", Chunked + "5\r\nhello\n0\r\n\r\n"),
        CorpusCase.Reject("chunk data longer than its size", Chunked + "5\r\nhelloXX\r\n0\r\n\r\n"),
        CorpusCase.Reject("bare LF in a chunk extension", Chunked + "5;a\nb\r\nhello\r\n0\r\n\r\n"),
        CorpusCase.Reject("bare CR in a chunk extension", Chunked + "5;a\rb\r\nhello\r\n0\r\n\r\n"),
        CorpusCase.Reject("space before a chunk extension", Chunked + "5 ;a\r\nhello\r\n0\r\n\r\n"),
        CorpusCase.Accept("chunk extensions", Chunked + "5;a=b;c=\"d e\"\r\nhello\r\n0;x\r\n\r\n", 5),
        // RFC 9112 §7.1.1 makes an extension a token list; Kestrel skips any byte but CR and LF.
        CorpusCase.Accept("control bytes in a chunk extension", Chunked + "5;a\x01\0\r\nhello\r\n0\r\n\r\n", 5),
        CorpusCase.Accept("long chunk extension", Chunked + "5;" + new string('a', 20000) + "\r\nhello\r\n0\r\n\r\n", 5),
        CorpusCase.Accept("trailers", Chunked + "5\r\nhello\r\n0\r\nX-T: 1\r\nContent-Length: 50\r\n\r\n", 5),
        CorpusCase.Reject("trailer with space before colon", Chunked + "5\r\nhello\r\n0\r\nX-T : 1\r\n\r\n"),
        CorpusCase.Reject("folded trailer", Chunked + "5\r\nhello\r\n0\r\n X-T: 1\r\n\r\n"),
        CorpusCase.Reject("NUL in a trailer", Chunked + "5\r\nhello\r\n0\r\nX-T: a\0b\r\n\r\n", kestrelStatus: 500),
        CorpusCase.Incomplete("missing final CRLF", Chunked + "5\r\nhello\r\n0\r\n"),
        CorpusCase.Incomplete("missing last chunk", Chunked + "5\r\nhello\r\n"),
        CorpusCase.Incomplete("CL longer than the body", Post + "Content-Length: 50\r\n\r\nhello"),
        CorpusCase.Incomplete("head without its empty line", "GET / HTTP/1.1\r\nHost: a\r\n"),

        // Hop-by-hop and upgrades.
        CorpusCase.Accept("Connection: close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
        CorpusCase.Accept("HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
        CorpusCase.Accept("Connection naming a header", "GET / HTTP/1.1\r\nHost: a\r\nConnection: x-hop\r\nX-Hop: 1\r\n\r\n"),
        CorpusCase.Accept("Expect: 100-continue", Post + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\nhello", 5),
        CorpusCase.FallBack("Upgrade", "GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n"),
        // Kestrel does not trim tabs between Connection options.
        CorpusCase.FallBack("Connection with a tab", "GET / HTTP/1.1\r\nHost: a\r\nConnection: x,\tclose\r\n\r\n"),
    ];
}
