using System.Buffers;
using Gantry.Gateway.Tls;

namespace Gantry.Gateway.Tests.Tls;

public sealed class ClientHelloParserTests
{
    [Fact]
    public async Task TheServerName_IsReadFromARealClientHello_AndATruncatedOneAsksForMore()
    {
        var hello = await ClientHelloBytes.CaptureAsync("App.Example.Test");

        Assert.Equal(ClientHelloParser.Outcome.Parsed, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(hello), out var name));
        Assert.Equal("app.example.test", name);
        foreach (var length in new[] { 0, 3, 5, 40, hello.Length - 1 })
        {
            Assert.Equal(ClientHelloParser.Outcome.Incomplete, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(hello, 0, length), out _));
        }
    }

    [Fact]
    public async Task MalformedBytes_AreInvalid_WithoutThrowing()
    {
        var hello = await ClientHelloBytes.CaptureAsync("app.example.test");
        var http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();
        var corrupt = (byte[])hello.Clone();
        corrupt[5 + 4 + 2 + 32] = 0xff; // a session id longer than the record

        Assert.Equal(ClientHelloParser.Outcome.Invalid, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(http), out _));
        Assert.Equal(ClientHelloParser.Outcome.Invalid, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(corrupt), out var name));
        Assert.Null(name);

        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var noise = (byte[])hello.Clone();
            noise[5 + random.Next(noise.Length - 5)] = (byte)random.Next(256);
            _ = ClientHelloParser.TryParse(new ReadOnlySequence<byte>(noise), out _);
        }
    }
}
