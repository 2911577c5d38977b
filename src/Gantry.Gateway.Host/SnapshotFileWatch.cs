using System.Security.Cryptography;
using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Gateway.Snapshots;

namespace Gantry.Gateway.Host;

/// <summary>
/// A gateway fed by a file rather than a control plane (<c>--snapshot FILE</c> alone, as in a cluster, where the file
/// is a mounted Secret that Kubernetes updates in place): the file is read again every few seconds and applied when
/// its content changed. A broken or unreadable file keeps what is served.
/// </summary>
internal sealed partial class SnapshotFileWatch(string path, GatewaySnapshotApplier snapshots, SnapshotFile kept, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;
    private byte[]? _applied;

    /// <summary>Starts watching; <paramref name="appliedContent"/> is what was applied at start.</summary>
    public void Start(byte[] appliedContent)
    {
        _applied = SHA256.HashData(appliedContent);
        _watching = WatchAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }

    private async Task WatchAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                Check();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Check()
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnusable(logger, path, e.Message);
            return;
        }

        var hash = SHA256.HashData(content);
        if (_applied is not null && hash.AsSpan().SequenceEqual(_applied))
        {
            return;
        }

        try
        {
            var snapshot = GatewayConfigJson.Deserialize(content);
            snapshots.Apply(snapshot);
            kept.Save(snapshot);
            LogApplied(logger, path, snapshot.Routes.Length);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            LogUnusable(logger, path, e.Message);
        }

        // Tried once per content: a broken file is reported once, not every few seconds.
        _applied = hash;
    }

    [LoggerMessage(EventId = 1805, Level = LogLevel.Information, Message = "{File} changed: now serving its {Routes} routes")]
    private static partial void LogApplied(ILogger logger, string file, int routes);

    [LoggerMessage(EventId = 1806, Level = LogLevel.Warning, Message = "{File} cannot be used ({Reason}); what is served stays")]
    private static partial void LogUnusable(ILogger logger, string file, string reason);
}
