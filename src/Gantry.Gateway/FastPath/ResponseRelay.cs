using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Gantry.Gateway.Policies;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Relays an app's response to the client: the status line and end-to-end fields as the app sent them, then the body
/// byte for byte in the app's framing (a chunked body is checked chunk by chunk, so its end is known exactly).
/// </summary>
internal static class ResponseRelay
{
    /// <summary>The head, with the RateLimit-* fields of <paramref name="admission"/> (when it counted the request) first.</summary>
    public static void WriteHead(PipeWriter client, UpstreamResponseHead response, bool close, in HeadAdmission admission)
    {
        Span<byte> status = [(byte)('0' + (response.StatusCode / 100)), (byte)('0' + (response.StatusCode / 10 % 10)), (byte)('0' + (response.StatusCode % 10))];
        client.Write("HTTP/1.1 "u8);
        client.Write(status);
        client.Write(" "u8);
        client.Write(response.Reason);
        client.Write("\r\n"u8);
        RateLimitLines.Write(client, admission);
        foreach (var field in response.Fields)
        {
            var name = response.NameOf(field);
            if (HopByHop.IsHopByHop(name) || response.IsConnectionOption(name))
            {
                continue;
            }

            client.Write(name);
            client.Write(": "u8);
            client.Write(response.ValueOf(field));
            client.Write("\r\n"u8);
        }

        if (response.Framing == BodyFraming.Chunked)
        {
            client.Write("Transfer-Encoding: chunked\r\n"u8);
        }

        client.Write(close ? "Connection: close\r\n\r\n"u8 : "\r\n"u8);
    }

    /// <summary>
    /// Whether the whole body was relayed (false: either side went away or the app's framing was bad, and both
    /// connections must close). The last bytes are left for the caller to flush, once it has counted the request.
    /// <paramref name="activity"/> is re-armed before every read from the app.
    /// </summary>
    public static ValueTask<bool> RelayBodyAsync(
        PipeReader app, PipeWriter client, UpstreamResponseHead response, ChunkedBodyDecoder decoder, ActivityTimer activity) => response.Framing switch
        {
            BodyFraming.ContentLength => RelayLengthAsync(app, client, response.ContentLength, activity),
            BodyFraming.Chunked => RelayChunkedAsync(app, client, decoder, activity),
            _ => RelayToEndAsync(app, client, activity),
        };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> RelayLengthAsync(PipeReader app, PipeWriter client, long remaining, ActivityTimer activity)
    {
        while (remaining > 0)
        {
            var result = await app.ReadAsync(activity.Arm());
            var buffer = result.Buffer;
            var relayed = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            Write(client, relayed);
            remaining -= relayed.Length;
            app.AdvanceTo(relayed.End);
            if (remaining > 0 && (result.IsCompleted || !await FlushAsync(client)))
            {
                return false;
            }
        }

        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> RelayChunkedAsync(PipeReader app, PipeWriter client, ChunkedBodyDecoder decoder, ActivityTimer activity)
    {
        decoder.Reset();
        while (true)
        {
            var result = await app.ReadAsync(activity.Arm());
            var buffer = result.Buffer;
            var rest = buffer;
            ChunkedBodyStatus status;
            do
            {
                status = decoder.Read(rest, out var consumed, out _);
                rest = rest.Slice(consumed);
            }
            while (status == ChunkedBodyStatus.Data);

            Write(client, buffer.Slice(0, rest.Start));
            app.AdvanceTo(rest.Start, status == ChunkedBodyStatus.NeedMoreData ? buffer.End : rest.Start);
            switch (status)
            {
                case ChunkedBodyStatus.Completed:
                    return true;
                case ChunkedBodyStatus.Rejected:
                    return false;
            }

            if (result.IsCompleted || !await FlushAsync(client))
            {
                return false;
            }
        }
    }

    /// <summary>A body without framing ends when the app closes the connection (the client's then closes too).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> RelayToEndAsync(PipeReader app, PipeWriter client, ActivityTimer activity)
    {
        while (true)
        {
            var result = await app.ReadAsync(activity.Arm());
            Write(client, result.Buffer);
            app.AdvanceTo(result.Buffer.End);
            if (!await FlushAsync(client))
            {
                return false;
            }

            if (result.IsCompleted)
            {
                return true;
            }
        }
    }

    private static void Write(PipeWriter client, in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            client.Write(segment.Span);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> FlushAsync(PipeWriter client)
    {
        var flushed = await client.FlushAsync();
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }
}
