using System.Collections.Concurrent;
using System.Text.Json;

namespace Gantry.Gateway.Policies;

/// <summary>
/// Every client counter of every route, outliving routing snapshots. Day counts and totals are saved to a JSON file
/// (atomically: a temp file renamed over the old one) so quotas survive a restart; idle counters that hold nothing
/// worth keeping are dropped, so a stream of one-off clients does not grow memory without bound.
/// </summary>
public sealed class RateCounterStore(string? path, ILogger logger)
{
    private static readonly long IdleMs = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;

    private readonly ConcurrentDictionary<(string Route, string Client), ClientCounter> _counters = new();
    private readonly ConcurrentDictionary<string, bool> _keepsTotals = new(StringComparer.Ordinal);
    private readonly Lock _saving = new();
    private int _changed;

    public string? Path { get; } = path;

    public int Count => _counters.Count;

    internal ClientCounter For(string route, string client) =>
        _counters.GetOrAdd((route, client), static _ => new ClientCounter());

    /// <summary>Called after a day or total count moved, so the next <see cref="Save"/> writes.</summary>
    internal void MarkChanged() => Volatile.Write(ref _changed, 1);

    /// <summary>Counters of a route with a total quota are never dropped: forgetting them would hand out a new quota.</summary>
    internal void KeepTotals(string route) => _keepsTotals[route] = true;

    public void Load()
    {
        if (Path is null || !File.Exists(Path))
        {
            return;
        }

        try
        {
            var saved = JsonSerializer.Deserialize<SavedCounters>(File.ReadAllText(Path), Json.Options);
            foreach (var entry in saved?.Counters ?? [])
            {
                For(entry.Route, entry.Client).Restore(entry.Day, entry.InDay, entry.Total);
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            PolicyLog.QuotaLoadFailed(logger, Path, ex.Message);
        }
    }

    /// <summary>Writes the counters that matter after a restart (when something changed) and drops idle ones that do not.</summary>
    public void Save(bool force = false)
    {
        if (Path is null || (Interlocked.Exchange(ref _changed, 0) == 0 && !force))
        {
            return;
        }

        lock (_saving)
        {
            var today = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 86400;
            var now = Environment.TickCount64;
            var entries = new List<SavedCounter>();
            foreach (var ((route, client), counter) in _counters)
            {
                var (day, inDay, total) = counter.Snapshot();
                var keepsTotal = _keepsTotals.ContainsKey(route) && total > 0;
                if (!keepsTotal && now - counter.LastUsedMs > IdleMs && day != today)
                {
                    _counters.TryRemove((route, client), out _);
                    continue;
                }

                if (keepsTotal || (day == today && inDay > 0))
                {
                    entries.Add(new SavedCounter(route, client, day, inDay, total));
                }
            }

            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                var temp = Path + ".tmp";
                using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    JsonSerializer.Serialize(file, new SavedCounters(1, entries), Json.Options);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temp, Path, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                PolicyLog.QuotaSaveFailed(logger, Path, ex.Message);
            }
        }
    }

    private sealed record SavedCounters(int Version, List<SavedCounter> Counters);

    private sealed record SavedCounter(string Route, string Client, long Day, int InDay, long Total);

    private static class Json
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}
