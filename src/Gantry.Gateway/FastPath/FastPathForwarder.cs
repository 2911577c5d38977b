using System.Buffers;
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
    // Longer paths and credentials take the framework path: the fast path reads them from stack buffers (a longer
    // bearer token is never in the token cache, so it would be validated there anyway).
    private const int MaxPathLength = 4096;
    private const int MaxAuthorizationLength = JwtAuthenticator.MaxCachedTokenLength + 16;

    private readonly long _reactivationMs = (long)options.Value.PassiveHealthReactivation.TotalMilliseconds;
    private readonly int _maxAttempts = options.Value.MaxAttempts;

    public TimeSpan ActivityTimeout { get; } = options.Value.ActivityTimeout;

    /// <summary>Null when the request is left to the framework path; else whether the client connection may go on.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool?> TryForwardAsync(FastPathConnection connection, RequestHead head, PipeReader clientInput, ReadOnlySequence<byte> buffered)
    {
        var bodyLength = FastPathRequests.BodyLength(head);
        if (!FastPathRequests.IsPlain(head) || buffered.Length < head.Consumed + bodyLength || challenges.Any || head.Host.Length > FastPathRequests.MaxHostLength
            || head.Path.Length > MaxPathLength || !FastPathRequests.TryReadPolicyFields(head, out var authorization, out var hasApiKey))
        {
            return null;
        }

        var request = new Request(buffered.Slice(head.Consumed, bodyLength), buffered.GetPosition(head.Consumed + bodyLength));
        var verdict = TryLease(connection, head, authorization, hasApiKey, out var lease, out var policy);
        if (verdict == HeadVerdict.ValidateTokenFirst)
        {
            // Once per token: validated here, the connection stays on the fast path rather than passing to Kestrel.
            var value = Encoding.Latin1.GetString(head.ValueOf(authorization!.Value));
            await policy!.ValidateTokenAsync(value[7..].Trim(), CancellationToken.None);
            verdict = TryLease(connection, head, authorization, hasApiKey, out lease, out _);
        }

        if (verdict != HeadVerdict.Admitted)
        {
            return null;
        }

        var (route, destination, upstream, admission) = lease;
        var started = Stopwatch.GetTimestamp();
        Exchange exchange;
        try
        {
            exchange = await ExchangeAsync(connection, head, clientInput, request, route, destination, upstream, admission);
        }
        finally
        {
            destination.State.Exit();
        }

        if (exchange.Status == 0)
        {
            HandOverAdmission(connection, route, admission);
            return null;
        }

        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        route.Counters.Record(exchange.Status, elapsedMs, table.Metrics.CurrentMinute);
        if (accessLog.Enabled)
        {
            accessLog.Write(new AccessLogEntry(
                DateTimeOffset.UtcNow, route.App, HostName.WithoutPort(Encoding.Latin1.GetString(head.Host)).ToString() + route.PathPrefix,
                FastPathRequests.KnownMethod(head.Method)!, Encoding.ASCII.GetString(head.Path), exchange.Status, Math.Round(elapsedMs, 3),
                head.Framing == BodyFraming.ContentLength ? head.ContentLength : null, exchange.ContentLength, admission.Client, connection.Client.Address));
        }

        // Counted before the last bytes go out, so that a client holding its answer finds the request counted.
        var flushed = await connection.Output.FlushAsync();
        return exchange.KeepAlive && !flushed.IsCompleted;
    }

    /// <summary>
    /// Routes the request, lets the route's policies admit it and leases a destination (<see cref="HeadVerdict.Admitted"/>);
    /// otherwise the request goes to the framework path (with the admission, when the policies counted it already), or
    /// its token is to be validated first (<paramref name="policy"/> does that).
    /// </summary>
    private HeadVerdict TryLease(
        FastPathConnection connection, RequestHead head, HeaderField? authorization, bool hasApiKey, out Lease lease, out CompiledRoutePolicy? policy)
    {
        lease = default;
        policy = null;
        Span<char> host = stackalloc char[head.Host.Length];
        Span<char> path = stackalloc char[head.Path.Length];
        Encoding.Latin1.GetChars(head.Host, host);
        Encoding.ASCII.GetChars(head.Path, path); // plain path bytes: ASCII
        var route = table.Current.Match(HostName.WithoutPort(host), path);
        if (route is null || !FastPathRequests.IsPlain(route))
        {
            return HeadVerdict.FrameworkPath;
        }

        var client = connection.Client;
        HeadAdmission admission = default;
        policy = route.Policy;
        if (policy is not null)
        {
            var value = authorization is { } field ? head.ValueOf(field) : [];
            if (value.Length > MaxAuthorizationLength)
            {
                return HeadVerdict.FrameworkPath;
            }

            Span<char> chars = stackalloc char[value.Length];
            Encoding.Latin1.GetChars(value, chars);
            var request = new HeadPolicyRequest(FastPathRequests.KnownMethod(head.Method)!, chars, hasApiKey, FastPathRequests.BodyLength(head), client);
            var verdict = policy.TryAdmitFromHead(request, out admission);
            if (verdict != HeadVerdict.Admitted)
            {
                return verdict;
            }
        }
        else if (clients.HasBlocks && clients.For(route.App).IsBlocked(null, client.Address))
        {
            return HeadVerdict.FrameworkPath;
        }

        // A publish meanwhile may re-resolve the route: the request stays here only under the same policy.
        var leased = route;
        var destination = DestinationLeases.Lease(table, ref leased, host, path, tried: null);
        var upstream = destination is null ? null : upstreams.For(destination.Address);
        if (destination is not null && leased is not null && ReferenceEquals(leased.Policy, route.Policy) && FastPathRequests.IsPlain(leased) && upstream is not null)
        {
            lease = new Lease(leased, destination, upstream, admission);
            return HeadVerdict.Admitted;
        }

        destination?.State.Exit();
        HandOverAdmission(connection, route, admission);
        return HeadVerdict.FrameworkPath;
    }

    /// <summary>A request the route's policies counted is handed over with its admission, so it is not counted again.</summary>
    private static void HandOverAdmission(FastPathConnection connection, CompiledRoute route, in HeadAdmission admission)
    {
        if (route.Policy is { } policy)
        {
            connection.HandOver.RecordAdmission(policy, admission);
        }
    }

    /// <summary>
    /// Status 0: nothing reached the client and the request is left to the framework path — unless it reached the app
    /// and may not be sent twice (a body, or a method that is not idempotent): then it is answered 502 here.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Exchange> ExchangeAsync(
        FastPathConnection connection, RequestHead head, PipeReader clientInput, Request request,
        CompiledRoute route, RouteDestination destination, Upstream upstream, HeadAdmission admission)
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
            if (!FastPathRequests.IsReplayable(head))
            {
                // As on the framework path, a request that may not be sent twice is not tried elsewhere.
                return AnswerWithErrorPage(connection, head, clientInput, request, route, 502);
            }

            if (_maxAttempts > 1)
            {
                GatewayLog.RetryingRequest(logger, 1, destination.State.Id, route.App, Yarp.ReverseProxy.Forwarder.ForwarderError.Request);
            }

            connection.HandOver.RecordFailedAttempt(destination.State);
            return default;
        }

        var response = connection.Response;
        var activity = connection.Activity;
        var committed = false;
        var reusable = false;
        try
        {
            ForwardedRequestWriter.Write(app.Output, head, connection.Client.AddressBytes, admission.IdentityLines);
            foreach (var segment in request.Body)
            {
                app.Output.Write(segment.Span);
            }

            var flushed = await app.Output.FlushAsync();
            if (flushed.IsCompleted || !await ReadResponseHeadAsync(app.Input, response, activity))
            {
                return Unanswered(connection, head, clientInput, request, route);
            }

            // Committed: from here the request is the fast path's, whatever happens.
            clientInput.AdvanceTo(request.End);
            committed = true;
            counters.Count();
            var bodyless = head.Method.SequenceEqual("HEAD"u8) || !UpstreamResponseHead.HasBody(response.StatusCode);
            var keepAlive = head.KeepAlive && !connection.CloseRequested && (bodyless || response.Framing != BodyFraming.None);
            ResponseRelay.WriteHead(connection.Output, response, close: !keepAlive, admission);
            var complete = bodyless || await ResponseRelay.RelayBodyAsync(app.Input, connection.Output, response, connection.Chunked, activity);
            reusable = complete && response.KeepAlive;
            long? length = response.Framing == BodyFraming.ContentLength ? response.ContentLength : null;
            return new Exchange(response.StatusCode, complete && keepAlive, length);
        }
        catch (OperationCanceledException) when (activity.Expired && !committed)
        {
            // The app took the request and said nothing for the activity timeout: 504, as the framework path answers.
            return AnswerWithErrorPage(connection, head, clientInput, request, route, 504);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException
            or Microsoft.AspNetCore.Connections.ConnectionResetException or InvalidOperationException)
        {
            // Before the commit: a reused connection the app closed just now (the framework path tries again, or 502
            // for what may not be sent twice). After it: the response is cut off, and the client's connection closes.
            return committed ? new Exchange(response.StatusCode, KeepAlive: false, ContentLength: null) : Unanswered(connection, head, clientInput, request, route);
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

    /// <summary>
    /// The app got the request (or part of it) and no answer came: a request that may be sent again goes to the framework
    /// path (status 0), which retries it; one that may not is answered 502, as the framework path answers it.
    /// </summary>
    private Exchange Unanswered(FastPathConnection connection, RequestHead head, PipeReader clientInput, Request request, CompiledRoute route) =>
        FastPathRequests.IsReplayable(head) ? default : AnswerWithErrorPage(connection, head, clientInput, request, route, 502);

    private Exchange AnswerWithErrorPage(FastPathConnection connection, RequestHead head, PipeReader clientInput, Request request, CompiledRoute route, int status)
    {
        clientInput.AdvanceTo(request.End);
        counters.Count();
        ErrorPageBytes.Write(connection.Output, status, ErrorPages.UpstreamFailedMessage(route.App, status), head.Method.SequenceEqual("HEAD"u8));
        return new Exchange(status, KeepAlive: false, ContentLength: null);
    }

    private readonly record struct Exchange(int Status, bool KeepAlive, long? ContentLength);

    /// <param name="Body">The request's body, all in the client's pipe (empty without one).</param>
    /// <param name="End">Where the request ends in the client's pipe: consumed up to there once committed.</param>
    private readonly record struct Request(ReadOnlySequence<byte> Body, SequencePosition End);

    private readonly record struct Lease(CompiledRoute Route, RouteDestination Destination, Upstream Upstream, HeadAdmission Admission);
}
