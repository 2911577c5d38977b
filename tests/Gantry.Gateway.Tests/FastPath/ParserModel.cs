using System.Buffers;
using System.Text;
using Gantry.Gateway.FastPath;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>
/// Runs the parser and the chunked decoder over a whole byte stream the way a server would, request after request,
/// and says what a server deciding like them answers: the responses in order and how the exchange ends.
/// </summary>
public static class ParserModel
{
    public enum Ending
    {
        /// <summary>Every byte was used and the connection stays open.</summary>
        Idle,

        /// <summary>The server closes after the last response (rejection or no keep-alive).</summary>
        Closed,

        /// <summary>The server waits for bytes that never come.</summary>
        Incomplete,

        /// <summary>A request the fast path leaves to Kestrel.</summary>
        FallBack,
    }

    /// <summary>What the test app answers: the body length it read and the raw target.</summary>
    public sealed record Response(int Status, string Body, bool Closes);

    public static (IReadOnlyList<Response> Responses, Ending Ending) Run(byte[] bytes)
    {
        var responses = new List<Response>();
        var parser = new Http1RequestParser();
        var decoder = new ChunkedBodyDecoder();
        using var head = new RequestHead();
        var input = new ReadOnlySequence<byte>(bytes);
        while (true)
        {
            if (input.IsEmpty || input.ToArray().All(b => b is (byte)'\r' or (byte)'\n'))
            {
                return (responses, Ending.Idle);
            }

            if (!parser.TryParseHead(input, head, out var consumed, out _))
            {
                return (responses, Ending.Incomplete);
            }

            if (head.Verdict.Outcome != FastPathOutcome.Accept)
            {
                var fallBack = head.Verdict.Outcome == FastPathOutcome.FallBack;
                if (!fallBack)
                {
                    responses.Add(new Response(head.Verdict.StatusCode, "", true));
                }

                return (responses, fallBack ? Ending.FallBack : Ending.Closed);
            }

            input = input.Slice(consumed);
            var (status, length) = ReadBody(head, decoder, ref input);
            if (status == 0)
            {
                return (responses, Ending.Incomplete);
            }

            var body = status == 200 ? $"[{length}][{Encoding.ASCII.GetString(head.Target)}]" : "";
            var closes = status != 200 || !head.KeepAlive;
            responses.Add(new Response(status, body, closes));
            if (closes)
            {
                return (responses, Ending.Closed);
            }
        }
    }

    /// <summary>Returns 200 and the body length, a rejection's status, or 0 when the body is incomplete.</summary>
    private static (int Status, long Length) ReadBody(RequestHead head, ChunkedBodyDecoder decoder, ref ReadOnlySequence<byte> input)
    {
        if (head.Framing == BodyFraming.ContentLength)
        {
            if (input.Length < head.ContentLength)
            {
                return (0, 0);
            }

            input = input.Slice(head.ContentLength);
            return (200, head.ContentLength);
        }

        if (head.Framing == BodyFraming.None)
        {
            return (200, 0);
        }

        decoder.Reset(head);
        long length = 0;
        while (true)
        {
            var status = decoder.Read(input, out var consumed, out var data);
            input = input.Slice(consumed);
            switch (status)
            {
                case ChunkedBodyStatus.Data:
                    length += data.Length;
                    break;
                case ChunkedBodyStatus.Completed:
                    return (200, length);
                case ChunkedBodyStatus.Rejected:
                    return (decoder.Rejection.StatusCode, 0);
                default:
                    return (0, 0);
            }
        }
    }
}
