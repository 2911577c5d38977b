using System.Buffers;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Snapshots;

namespace Gantry.Gateway.Host;

/// <summary>
/// Follows the control plane's configuration stream: applies each frame's snapshot whole (or keeps the one before and
/// says why), keeps it on disk, and acknowledges it in a report. When the control plane is away the gateway goes on
/// serving what it has and reconnects with growing, jittered waits; a stream silent past the idle timeout (a control
/// plane stopped, not closed) is dropped and opened again.
/// </summary>
internal sealed partial class ControlPlaneFeed : IAsyncDisposable
{
    private const int MaxFrameBytes = 64 * 1024 * 1024;

    private readonly FeedSettings _settings;
    private readonly string _name;
    private readonly GatewaySnapshotApplier _applier;
    private readonly SnapshotFile _file;
    private readonly RoutingTable _routing;
    private readonly ILogger _logger;
    private readonly GatewayReport _identity;
    private readonly ControlPlaneClient _controlPlane;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _reportNow = new(0, 1);
    private string? _problem;
    private long _frames;
    private Task _following = Task.CompletedTask;
    private Task _reporting = Task.CompletedTask;

    public ControlPlaneFeed(
        FeedSettings settings, ControlPlaneClient controlPlane, string name, string listen, GatewaySnapshotApplier applier, SnapshotFile file, RoutingTable routing, ILogger logger)
    {
        _settings = settings;
        _name = name;
        _applier = applier;
        _file = file;
        _routing = routing;
        _logger = logger;
        _identity = new GatewayReport(name, 0, false, Environment.ProcessId, listen, DateTimeOffset.UtcNow);
        _controlPlane = controlPlane;
        _http = controlPlane.Http;
    }

    public void Start()
    {
        _following = Task.Run(() => FollowWithBackoffAsync(_stop.Token));
        _reporting = Task.Run(() => ReportEveryIntervalAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_following, _reporting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task FollowWithBackoffAsync(CancellationToken stop)
    {
        var wait = _settings.MinBackoff;
        while (!stop.IsCancellationRequested)
        {
            var framesBefore = _frames;
            try
            {
                await FollowAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Whatever broke the stream, the gateway serves on and tries again: following must never stop for good.
                LogStreamLost(_logger, _settings.ControlPlane, Describe(e), _applier.Version);
            }

            wait = _frames > framesBefore ? _settings.MinBackoff : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _settings.MaxBackoff.Ticks));
            try
            {
                // Jitter: gateways cut off together do not all come back in the same instant.
                await Task.Delay(wait * (0.5 + Random.Shared.NextDouble() / 2), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FollowAsync(CancellationToken stop)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
        idle.CancelAfter(_settings.IdleTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"gateway/v1/feed?gateway={Uri.EscapeDataString(_name)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await ReadTokenAsync(stop));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new ControlPlaneRefusedException($"{(int)response.StatusCode} {response.ReasonPhrase}: {await ControlPlaneClient.ProblemDetailAsync(response, idle.Token)}");
        }

        LogFollowing(_logger, _settings.ControlPlane, response.Version);
        var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(idle.Token));
        try
        {
            GatewaySnapshot? received = null;
            while (true)
            {
                var result = await reader.ReadAsync(idle.Token);
                var buffer = result.Buffer;
                while (NextLine(ref buffer) is { } line)
                {
                    idle.CancelAfter(_settings.IdleTimeout);
                    if (!line.IsEmpty)
                    {
                        received = Receive(line, received);
                    }
                }

                if (buffer.Length > MaxFrameBytes)
                {
                    throw new InvalidDataException($"a frame is larger than {MaxFrameBytes} bytes");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new IOException("the control plane ended the stream");
                }
            }
        }
        finally
        {
            // Returns the reader's buffers and closes the response stream.
            await reader.CompleteAsync();
        }
    }

    /// <summary>Applies one frame; returns the snapshot it makes (the base of the next frame), applied or refused.</summary>
    private GatewaySnapshot Receive(ReadOnlySequence<byte> line, GatewaySnapshot? received)
    {
        var change = GatewayConfigJson.DeserializeChange(line.IsSingleSegment ? line.FirstSpan : line.ToArray());
        var snapshot = change.ApplyTo(received);
        Interlocked.Increment(ref _frames);

        // The first frame after a reconnect repeats the snapshot in force when nothing changed meanwhile: nothing to rebuild.
        if (snapshot.Version != _applier.Version || received is not null)
        {
            try
            {
                _applier.Apply(snapshot);
                _problem = null;
                LogApplied(_logger, snapshot.Version);
            }
            catch (InvalidDataException e)
            {
                _problem = e.Message;
                LogRefused(_logger, snapshot.Version, e.Message);
                Signal();
                return snapshot;
            }

            Keep(snapshot);
            WatchDrains();
        }

        Signal();
        return snapshot;
    }

    /// <summary>Reports again as each destination this snapshot stopped routing to finishes its last request.</summary>
    private void WatchDrains()
    {
        foreach (var destination in _routing.Draining())
        {
            _ = Task.Run(async () =>
            {
                await ((Task)_routing.WaitForDrainAsync(destination, Timeout.InfiniteTimeSpan, _stop.Token)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                Signal();
            });
        }
    }

    private void Keep(GatewaySnapshot snapshot)
    {
        try
        {
            _file.Save(snapshot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still served; only a restart without the control plane would fall back to an older one.
            LogNotKept(_logger, snapshot.Version, e.Message);
        }
    }

    private void Signal()
    {
        try
        {
            _reportNow.Release();
        }
        catch (SemaphoreFullException)
        {
            // A report is already due: it will carry this version.
        }
    }

    private async Task ReportEveryIntervalAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _reportNow.WaitAsync(_settings.ReportInterval, stop);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(Report(), GatewayConfigJson.Default.GatewayReport));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, "gateway/v1/reports") { Content = content };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await ReadTokenAsync(stop));
                using var response = await _http.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // The stream's log says the control plane is away; a report is sent again within the interval.
            }
        }
    }

    private GatewayReport Report()
    {
        long requests = 0, errors = 0;
        foreach (var route in _routing.Metrics.All)
        {
            var totals = route.TotalsByStatusClass();
            requests += totals.Sum();
            errors += totals[4];
        }

        // The version first: what drains is then read from a state at least that new.
        var version = _applier.Version;
        return _identity with { Version = version, Ready = version > 0, Problem = _problem, Requests = requests, Errors = errors, Draining = [.. _routing.Draining()] };
    }

    // Read at every connection and report, so a token file replaced while the gateway runs is used on the next attempt.
    private ValueTask<string> ReadTokenAsync(CancellationToken ct) => _controlPlane.TokenAsync(TimeSpan.Zero, ct);

    private static ReadOnlySequence<byte>? NextLine(ref ReadOnlySequence<byte> buffer)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            return null;
        }

        var line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return line;
    }

    private string Describe(Exception e) => e switch
    {
        OperationCanceledException => $"no word for {_settings.IdleTimeout.TotalSeconds:0} s",
        HttpRequestException { InnerException: { } inner } => inner.Message,
        _ => e.Message,
    };

    [LoggerMessage(EventId = 295, Level = LogLevel.Information, Message = "Following the configuration stream of {ControlPlane} (HTTP/{HttpVersion})")]
    private static partial void LogFollowing(ILogger logger, Uri controlPlane, Version httpVersion);

    [LoggerMessage(EventId = 296, Level = LogLevel.Information, Message = "Applied snapshot {Version}")]
    private static partial void LogApplied(ILogger logger, long version);

    [LoggerMessage(EventId = 297, Level = LogLevel.Error, Message = "Refused snapshot {Version} ({Reason}); the one before keeps serving")]
    private static partial void LogRefused(ILogger logger, long version, string reason);

    [LoggerMessage(EventId = 298, Level = LogLevel.Warning, Message = "Lost the configuration stream of {ControlPlane} ({Reason}); serving snapshot {Version} and reconnecting")]
    private static partial void LogStreamLost(ILogger logger, Uri controlPlane, string reason, long version);

    [LoggerMessage(EventId = 299, Level = LogLevel.Warning, Message = "Snapshot {Version} is served but could not be kept on disk: {Reason}")]
    private static partial void LogNotKept(ILogger logger, long version, string reason);
}
