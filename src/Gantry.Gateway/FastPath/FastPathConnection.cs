using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using Gantry.Gateway.Policies;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Connections;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// One client connection on the plain-HTTP listener: its requests are parsed here and forwarded by the fast path
/// while they are plain; the first one that is not (or any the parser leaves to Kestrel) hands the connection, with
/// every unread byte, to Kestrel's HTTP stack for the rest of its life.
/// </summary>
internal sealed class FastPathConnection : IDisposable
{
    // Kestrel's defaults (KestrelServerLimits): idle time between requests, and time to receive a whole head.
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);
    private static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(30);

    private readonly ConnectionContext _connection;
    private readonly FastPathForwarder _forwarder;
    private readonly Http1RequestParser _parser;
    private readonly RequestHead _head = new();
    private readonly ActivityTimer _idle = new(KeepAliveTimeout);
    private volatile bool _closeRequested;

    public FastPathConnection(ConnectionContext connection, FastPathForwarder forwarder, Http1RequestParser parser)
    {
        _connection = connection;
        _forwarder = forwarder;
        _parser = parser;
        Activity = new ActivityTimer(forwarder.ActivityTimeout);
        Client = new ConnectionClient((connection.RemoteEndPoint as IPEndPoint)?.Address);
    }

    public ConnectionClient Client { get; }

    public PipeWriter Output => _connection.Transport.Output;

    public ActivityTimer Activity { get; }

    public UpstreamResponseHead Response { get; } = new();

    /// <summary>Checks relayed chunked bodies; response bodies have no size limit here.</summary>
    public ChunkedBodyDecoder Chunked { get; } = new(new FastPathLimits { MaxRequestBodySize = long.MaxValue, MaxRequestHeadersTotalSize = UpstreamResponseHead.MaxHeadBytes });

    /// <summary>The server is shutting down or handing over: finish the current response, say so, and close.</summary>
    public bool CloseRequested => _closeRequested;

    /// <summary>
    /// Serves requests until the connection ends (false) or one is left to Kestrel (true: its bytes are unread and
    /// the caller hands the connection on).
    /// </summary>
    public async Task<bool> RunAsync()
    {
        var lifetime = _connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        using var closing = lifetime?.ConnectionClosedRequested.Register(() =>
        {
            _closeRequested = true;
            _idle.Cancel();
        });

        var input = _connection.Transport.Input;
        while (!_closeRequested)
        {
            var (result, parsed) = await ReadHeadAsync(input);
            if (result is not { } read)
            {
                return false;
            }

            // A client that closed mid-head is answered or closed by Kestrel as it would have been.
            var served = parsed ? await _forwarder.TryForwardAsync(this, _head, input, read.Buffer) : null;
            if (served is null)
            {
                if (read.Buffer.IsEmpty)
                {
                    input.AdvanceTo(read.Buffer.End);
                    return false;
                }

                // Nothing consumed, nothing examined: Kestrel's first read returns these very bytes.
                input.AdvanceTo(read.Buffer.Start, read.Buffer.Start);
                return true;
            }

            if (served == false)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>What the framework path, which gets this request next, must know of what the fast path did with it.</summary>
    public FastPathHandOver HandOver
    {
        get
        {
            var feature = _connection.Features.Get<FastPathHandOver>();
            if (feature is null)
            {
                feature = new FastPathHandOver();
                _connection.Features.Set(feature);
            }

            return feature;
        }
    }

    public void Dispose()
    {
        _head.Dispose();
        Response.Dispose();
        Activity.Dispose();
        _idle.Dispose();
    }

    /// <summary>
    /// The next head, unconsumed (it stays in the pipe until the request is committed or handed over), with a small
    /// body all in when the request has one; null when the connection ended, timed out or was asked to close while idle.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(ReadResult? Result, bool Parsed)> ReadHeadAsync(PipeReader input)
    {
        var started = false;
        var awaitingBody = false;
        var token = _idle.Arm(KeepAliveTimeout);
        if (_closeRequested)
        {
            return (null, false);
        }

        try
        {
            while (true)
            {
                var result = await input.ReadAsync(token);
                var buffer = result.Buffer;
                if (_parser.TryParseHead(buffer, _head, out _, out var examined))
                {
                    if (!FastPathRequests.AwaitsBody(_head, buffer.Length) || result.IsCompleted || result.IsCanceled)
                    {
                        _idle.Disarm();
                        return (result, true);
                    }

                    // Under the head's deadline still; the head is parsed again with the body.
                    awaitingBody = true;
                    examined = buffer.End;
                }
                else if (result.IsCompleted || result.IsCanceled)
                {
                    _idle.Disarm();
                    return (result, false);
                }

                if (!started && !buffer.IsEmpty)
                {
                    started = true;
                    token = _idle.Arm(RequestHeadersTimeout);
                }

                input.AdvanceTo(buffer.Start, examined);
            }
        }
        catch (OperationCanceledException) when (awaitingBody && !_closeRequested && input.TryRead(out var unread))
        {
            // A slow body is Kestrel's to time (its minimum data rate): the request goes to it, nothing consumed.
            return (unread, false);
        }
        catch (OperationCanceledException)
        {
            return (null, false);
        }
    }
}
