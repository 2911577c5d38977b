using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Gantry.Gateway.Observability;
using Gantry.Gateway.Pages;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Tls.Acme;
using Microsoft.Extensions.Options;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Forwards one plain request of a connection to an app instance over a kept-alive upstream connection. Anything
/// that fails before the first response byte reaches the client is handed back untouched (the request bytes are
/// still unread in the client's pipe), and the framework path then retries elsewhere or writes the error page:
/// one place decides those answers.
/// </summary>
internal sealed class FastPathForwarder(
    RoutingTable table,
    UpstreamPool upstreams,
    GatewayClients clients,
    Http01ChallengeStore challenges,
    AccessLog accessLog,
    FastPathCounters counters,
    IOptions<GatewayOptions> options,
    ILogger<FastPathForwarder> logger)
{
    private readonly long _reactivationMs = (long)options.Value.PassiveHealthReactivation.TotalMilliseconds;
    private readonly int _maxAttempts = options.Value.MaxAttempts;

    public TimeSpan ActivityTimeout { get; } = options.Value.ActivityTimeout;

    /// <summary>Null when the request is left to the framework path; else whether the client connection may go on.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool?> TryForwardAsync(FastPathConnection connection, RequestHead head, PipeReader clientInput, SequencePosition requestEnd)
    {
        if (!FastPathRequests.IsPlain(head) || challenges.Any || clients.HasBlocks || FastPathRequests.HasConsoleCookie(head)
            || FastPathRequests.Host(head).Length > FastPathRequests.MaxHostLength)
        {
            return null;
        }

        var path = Encoding.ASCII.GetString(head.Path);
        var (route, destination, upstream) = Lease(FastPathRequests.Host(head), path);
        if (destination is null)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        Exchange exchange;
        try
        {
            exchange = await ExchangeAsync(connection, head, clientInput, requestEnd, route!, destination, upstream!);
        }
        finally
        {
            destination.State.Exit();
        }

        if (exchange.Status == 0)
        {
            return null;
        }

        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        route!.Counters.Record(exchange.Status, elapsedMs, table.Metrics.CurrentMinute);
        if (accessLog.Enabled)
        {
            accessLog.Write(new AccessLogEntry(
                DateTimeOffset.UtcNow, route.App, HostName.WithoutPort(Encoding.Latin1.GetString(FastPathRequests.Host(head))).ToString() + route.PathPrefix,
                FastPathRequests.KnownMethod(head.Method)!, path, exchange.Status, Math.Round(elapsedMs, 3),
                head.Framing == BodyFraming.ContentLength ? 0 : null, exchange.ContentLength, null, connection.ClientAddress));
        }

        // Counted before the last bytes go out, so that a client holding its answer finds the request counted.
        var flushed = await connection.Output.FlushAsync();
        return exchange.KeepAlive && !flushed.IsCompleted;
    }

    private (CompiledRoute? Route, RouteDestination? Destination, Upstream? Upstream) Lease(ReadOnlySpan<byte> hostBytes, string path)
    {
        Span<char> host = stackalloc char[hostBytes.Length];
        Encoding.Latin1.GetChars(hostBytes, host);
        var route = table.Current.Match(HostName.WithoutPort(host), path);
        if (route is null || !FastPathRequests.IsPlain(route))
        {
            return default;
        }

        var destination = DestinationLeases.Lease(table, ref route, host, path, tried: null);
        if (destination is null)
        {
            return default;
        }

        if (route is null || !FastPathRequests.IsPlain(route) || upstreams.For(destination.Address) is not { } upstream)
        {
            destination.State.Exit();
            return default;
        }

        return (route, destination, upstream);
    }

    /// <summary>Status 0: nothing reached the client and the request is left to the framework path.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Exchange> ExchangeAsync(
        FastPathConnection connection, RequestHead head, PipeReader clientInput, SequencePosition requestEnd,
        CompiledRoute route, RouteDestination destination, Upstream upstream)
    {
        UpstreamConnection app;
        try
        {
            app = await upstreams.RentAsync(upstream, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            destination.State.MarkUnhealthy(Environment.TickCount64 + _reactivationMs);
            GatewayLog.DestinationUnreachable(logger, destination.State.Id, route.App, _reactivationMs);
            if (_maxAttempts > 1)
            {
                GatewayLog.RetryingRequest(logger, 1, destination.State.Id, route.App, Yarp.ReverseProxy.Forwarder.ForwarderError.Request);
            }

            connection.RecordFailedAttempt(destination.State);
            return default;
        }

        var response = connection.Response;
        var activity = connection.Activity;
        var committed = false;
        var reusable = false;
        try
        {
            ForwardedRequestWriter.Write(app.Output, head, FastPathRequests.Host(head), connection.ClientAddressBytes);
            var flushed = await app.Output.FlushAsync();
            if (flushed.IsCompleted || !await ReadResponseHeadAsync(app.Input, response, activity))
            {
                return default;
            }

            // Committed: from here the request is the fast path's, whatever happens.
            clientInput.AdvanceTo(requestEnd);
            committed = true;
            counters.Count();
            var bodyless = head.Method.SequenceEqual("HEAD"u8) || !UpstreamResponseHead.HasBody(response.StatusCode);
            var keepAlive = head.KeepAlive && !connection.CloseRequested && (bodyless || response.Framing != BodyFraming.None);
            ResponseRelay.WriteHead(connection.Output, response, close: !keepAlive);
            var complete = bodyless || await ResponseRelay.RelayBodyAsync(app.Input, connection.Output, response, connection.Chunked, activity);
            reusable = complete && response.KeepAlive;
            long? length = response.Framing == BodyFraming.ContentLength ? response.ContentLength : null;
            return new Exchange(response.StatusCode, complete && keepAlive, length);
        }
        catch (OperationCanceledException) when (activity.Expired && !committed)
        {
            return TimedOut(connection, head, clientInput, requestEnd, route);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException
            or Microsoft.AspNetCore.Connections.ConnectionResetException or InvalidOperationException)
        {
            // Before the commit: a reused connection the app closed just now, and the framework path tries again (the
            // request has no body). After it: the response is cut off, and the client's connection closes.
            return committed ? new Exchange(response.StatusCode, KeepAlive: false, ContentLength: null) : default;
        }
        finally
        {
            activity.Disarm();
            if (reusable)
            {
                upstreams.Return(upstream, app);
            }
            else
            {
                await app.DisposeAsync();
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> ReadResponseHeadAsync(PipeReader app, UpstreamResponseHead response, ActivityTimer activity)
    {
        while (true)
        {
            var result = await app.ReadAsync(activity.Arm());
            var read = response.TryRead(result.Buffer, out var end);
            if (read is null)
            {
                app.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                if (result.IsCompleted)
                {
                    return false;
                }

                continue;
            }

            app.AdvanceTo(end);
            if (read == false)
            {
                return false;
            }

            // Interim responses (103 Early Hints and the like) are dropped, as the framework's client does.
            if (response.StatusCode >= 200)
            {
                return true;
            }
        }
    }

    /// <summary>The app took the request and said nothing for the activity timeout: 504, as the framework path answers.</summary>
    private Exchange TimedOut(
        FastPathConnection connection, RequestHead head, PipeReader clientInput, SequencePosition requestEnd, CompiledRoute route)
    {
        clientInput.AdvanceTo(requestEnd);
        counters.Count();
        ErrorPageBytes.Write(connection.Output, 504, ErrorPages.UpstreamFailedMessage(route.App, 504), head.Method.SequenceEqual("HEAD"u8));
        return new Exchange(504, KeepAlive: false, ContentLength: null);
    }

    private readonly record struct Exchange(int Status, bool KeepAlive, long? ContentLength);
}
