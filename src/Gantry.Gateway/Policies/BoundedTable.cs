using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Gantry.Gateway.Policies;

/// <summary>
/// A concurrent map of per-client state that clients cannot grow: at most <see cref="Capacity"/> entries. A hit is a
/// lock-free dictionary read that marks the entry used; a new key takes a short lock and, when the table is full,
/// evicts by CLOCK (second chance): the hand passes over entries used since it last came by (clearing the mark) and
/// evicts the first one that was not, looking at no more than <see cref="MaxExamined"/> entries, so an admission
/// costs the same in a table of busy clients. Never a scan, never a count of the dictionary, never a clear.
/// </summary>
internal sealed class BoundedTable<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    /// <summary>Entries the hand looks at per admission at most; past that the last one looked at goes.</summary>
    public const int MaxExamined = 8;

    private readonly ConcurrentDictionary<TKey, Entry> _map;
    private readonly Entry?[] _ring;
    private readonly Lock _admit = new();
    private readonly Action<TKey, TValue>? _evicted;
    private readonly Stack<int> _free = new();
    private int _count;
    private int _filled;
    private int _hand;
    private long _admissions;
    private long _evictions;
    private long _examined;

    /// <param name="evicted">Called (under the admission lock, so keep it short) with each entry the table made room by dropping.</param>
    public BoundedTable(int capacity, IEqualityComparer<TKey>? comparer = null, Action<TKey, TValue>? evicted = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _map = new ConcurrentDictionary<TKey, Entry>(Environment.ProcessorCount, Math.Min(capacity, 1024), comparer);
        _ring = new Entry?[capacity];
        _evicted = evicted;
    }

    public int Capacity => _ring.Length;

    /// <summary>Entries held: never above <see cref="Capacity"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    public long Admissions => Interlocked.Read(ref _admissions);

    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>Entries the hand looked at, over all admissions: at most <see cref="MaxExamined"/> per admission.</summary>
    public long Examined => Interlocked.Read(ref _examined);

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_map.TryGetValue(key, out var entry))
        {
            entry.Touch();
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Looks up by another form of the key (a span of a string key) without making the key itself: a token read from a
    /// header is found without copying it. False when the table's comparer cannot compare that form.
    /// </summary>
    public bool TryGetValue<TAlternate>(TAlternate key, [MaybeNullWhen(false)] out TValue value)
        where TAlternate : notnull, allows ref struct
    {
        if (_map.TryGetAlternateLookup<TAlternate>(out var lookup) && lookup.TryGetValue(key, out var entry))
        {
            entry.Touch();
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    public TValue GetOrAdd<TState>(TKey key, Func<TKey, TState, TValue> create, TState state)
    {
        if (_map.TryGetValue(key, out var entry))
        {
            entry.Touch();
            return entry.Value;
        }

        lock (_admit)
        {
            if (_map.TryGetValue(key, out entry))
            {
                return entry.Value;
            }

            var value = create(key, state);
            Admit(key, value);
            return value;
        }
    }

    /// <summary>Replaces the value of a key, or admits it.</summary>
    public void Set(TKey key, TValue value)
    {
        if (_map.TryGetValue(key, out var entry))
        {
            entry.Value = value;
            entry.Touch();
            return;
        }

        lock (_admit)
        {
            if (_map.TryGetValue(key, out entry))
            {
                entry.Value = value;
                return;
            }

            Admit(key, value);
        }
    }

    /// <summary>Removes a key; its slot is the next one filled. Takes the admission lock: for background work and rare paths.</summary>
    public bool TryRemove(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_admit)
        {
            if (_map.TryRemove(key, out var entry))
            {
                _ring[entry.Slot] = null;
                _free.Push(entry.Slot);
                Volatile.Write(ref _count, _count - 1);
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The entries at this moment, for background work (saving); never on the request path.</summary>
    public IEnumerable<KeyValuePair<TKey, TValue>> Entries() => _map.Select(e => new KeyValuePair<TKey, TValue>(e.Key, e.Value.Value));

    private void Admit(TKey key, TValue value)
    {
        int slot;
        if (_free.TryPop(out var freed))
        {
            slot = freed;
            Volatile.Write(ref _count, _count + 1);
        }
        else if (_filled < _ring.Length)
        {
            slot = _filled++;
            Volatile.Write(ref _count, _count + 1);
        }
        else
        {
            slot = EvictOne(); // full: one goes, one comes, the count stays
        }

        var entry = new Entry(key, value, slot);
        _ring[slot] = entry;
        _map.TryAdd(key, entry); // under the lock, after a miss: the key is not there

        Interlocked.Increment(ref _admissions);
    }

    /// <summary>Frees a ring slot: the first entry not used since the hand last passed, or the last one looked at.</summary>
    private int EvictOne()
    {
        for (var looked = 1; ; looked++)
        {
            var slot = _hand;
            _hand = slot + 1 == _ring.Length ? 0 : slot + 1;
            var entry = _ring[slot]!; // when nothing is free, every slot holds an entry
            Interlocked.Increment(ref _examined);
            if (entry.Used == 0 || looked == MaxExamined)
            {
                _map.TryRemove(new KeyValuePair<TKey, Entry>(entry.Key, entry));
                Interlocked.Increment(ref _evictions);
                _evicted?.Invoke(entry.Key, entry.Value);
                return slot;
            }

            entry.Used = 0;
        }
    }

    private sealed class Entry(TKey key, TValue value, int slot)
    {
        public readonly TKey Key = key;
        public readonly int Slot = slot;
        public volatile TValue Value = value;
        public volatile int Used;

        /// <summary>Writes only when the mark is clear, so hits on a busy entry do not bounce its cache line between cores.</summary>
        public void Touch()
        {
            if (Used == 0)
            {
                Used = 1;
            }
        }
    }
}
