using System.Collections.Concurrent;
using System.Text.Json;
using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>
/// Every client counter of every route, outliving routing snapshots. Live counters sit in a table of bounded size
/// whose least recently used entries make room; a counter evicted with a count that still matters (today's count
/// under a daily quota, any count under a total) leaves that count behind in a compact kept map, and a returning
/// client gets it back, so eviction never hands out a fresh quota. Kept counts of identified clients (API keys,
/// subjects) stay until their day ends; those of IP clients, which anyone can make up, are bounded too (the oldest
/// go first). Live and kept counts are saved to a JSON file (a temp file renamed over the old one), so quotas survive
/// a restart.
/// </summary>
public sealed class RateCounterStore
{
    /// <summary>Live counters kept by default (a few hundred bytes each).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly BoundedTable<(string Route, string Client), ClientCounter> _counters;
    private readonly ConcurrentDictionary<(string Route, string Client), KeptCount> _keptIdentified = new();
    private readonly BoundedTable<(string Route, string Client), KeptCount> _keptAddresses;
    private readonly ILogger _logger;
    private readonly Lock _saving = new();
    private int _changed;

    public RateCounterStore(string? path, ILogger logger, int capacity = DefaultCapacity)
    {
        Path = path;
        _logger = logger;
        _counters = new BoundedTable<(string, string), ClientCounter>(capacity, evicted: Keep);
        _keptAddresses = new BoundedTable<(string, string), KeptCount>(capacity);
    }

    public string? Path { get; }

    /// <summary>Live counters (never above the capacity).</summary>
    public int Count => _counters.Count;

    internal BoundedTable<(string Route, string Client), ClientCounter> Live => _counters;

    /// <summary>Counts left behind by evicted counters: identified clients, and IP clients (bounded).</summary>
    internal (int Identified, int Addresses) Kept => (_keptIdentified.Count, _keptAddresses.Count);

    internal ClientCounter For(string route, string client) =>
        _counters.GetOrAdd((route, client), static (key, store) => store.Create(key), this);

    /// <summary>
    /// Counts one request another gateway takes (<c>POST /gateway/v1/quota</c>) in the day and total windows only, in the
    /// counter this process's own gateway counts the client in: every gateway's requests meet in one count.
    /// </summary>
    public SharedQuotaAnswer CountShared(string route, string client, QuotaConfig quota)
    {
        var decision = For(route, client).TryCount(quota, DateTimeOffset.UtcNow, QuotaWindows.DayAndTotal);
        if (quota.PerDay is not null || quota.Total is not null)
        {
            MarkChanged();
        }

        return new SharedQuotaAnswer(decision.Admitted, decision.Window, decision.Limit, decision.Remaining, decision.ResetSeconds, decision.WindowSeconds);
    }

    /// <summary>Called after a day or total count moved, so the next <see cref="Save"/> writes.</summary>
    internal void MarkChanged() => Volatile.Write(ref _changed, 1);

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
                // Kept until the client returns: a restart must not fill the live table with clients that may never come back.
                Keep((entry.Route, entry.Client), new KeptCount(entry.Day, entry.InDay, entry.Total));
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            PolicyLog.QuotaLoadFailed(_logger, Path, ex.Message);
        }
    }

    /// <summary>Writes the counts that matter after a restart (when something changed) and drops kept day counts of past days.</summary>
    public void Save(bool force = false)
    {
        if (Path is null || (Interlocked.Exchange(ref _changed, 0) == 0 && !force))
        {
            return;
        }

        lock (_saving)
        {
            var today = Today();
            var entries = new List<SavedCounter>();
            foreach (var (key, kept) in _keptIdentified)
            {
                if (!kept.Matters(today))
                {
                    _keptIdentified.TryRemove(new KeyValuePair<(string, string), KeptCount>(key, kept));
                    continue;
                }

                entries.Add(new SavedCounter(key.Route, key.Client, kept.Day, kept.InDay, kept.Total));
            }

            foreach (var (key, kept) in _keptAddresses.Entries())
            {
                if (!kept.Matters(today))
                {
                    _keptAddresses.TryRemove(key, out _);
                    continue;
                }

                entries.Add(new SavedCounter(key.Route, key.Client, kept.Day, kept.InDay, kept.Total));
            }

            // Live counts last: where a count is both kept and live (a client just returning), the live one is newer.
            foreach (var ((route, client), counter) in _counters.Entries())
            {
                var (day, inDay, total) = counter.Snapshot();
                if (new KeptCount(day, inDay, total).Matters(today))
                {
                    entries.Add(new SavedCounter(route, client, day, inDay, total));
                }
            }

            Write(entries);
        }
    }

    private void Write(List<SavedCounter> entries)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            // Per process: during a gateway's restart two processes may save here at once.
            var temp = $"{Path}.tmp.{Environment.ProcessId}";
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, new SavedCounters(1, entries), Json.Options);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, Path!, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PolicyLog.QuotaSaveFailed(_logger, Path!, ex.Message);
        }
    }

    /// <summary>A new live counter, with the counts the client left behind when its last counter was evicted.</summary>
    private ClientCounter Create((string Route, string Client) key)
    {
        var counter = new ClientCounter();
        if (_keptIdentified.TryRemove(key, out var kept) || _keptAddresses.TryRemove(key, out kept))
        {
            counter.Restore(kept.Day, kept.InDay, kept.Total);
        }

        return counter;
    }

    /// <summary>An evicted counter's counts, when they still matter.</summary>
    private void Keep((string Route, string Client) key, ClientCounter counter)
    {
        var (day, inDay, total) = counter.Snapshot();
        Keep(key, new KeptCount(day, inDay, total));
    }

    private void Keep((string Route, string Client) key, KeptCount kept)
    {
        if (!kept.Matters(Today()))
        {
            return;
        }

        // IP clients cost an attacker nothing to invent: theirs is bounded; keys and subjects are issued, so bounded already.
        if (key.Client.StartsWith("ip:", StringComparison.Ordinal))
        {
            _keptAddresses.Set(key, kept);
        }
        else
        {
            _keptIdentified[key] = kept;
        }
    }

    private static long Today() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 86400;

    /// <summary>What is left of an evicted counter: today's count under a daily quota and the count under a total quota.</summary>
    private sealed record KeptCount(long Day, int InDay, long Total)
    {
        public bool Matters(long today) => Total > 0 || (Day == today && InDay > 0);
    }

    private sealed record SavedCounters(int Version, List<SavedCounter> Counters);

    private sealed record SavedCounter(string Route, string Client, long Day, int InDay, long Total);

    private static class Json
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}
