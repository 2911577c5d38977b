using System.Collections.Concurrent;

namespace Gantry.Gateway.Policies;

/// <summary>Body bytes per client and route in the current minute, for bandwidth limits.</summary>
internal sealed class ByteWindows
{
    private readonly ConcurrentDictionary<(string Route, string Client), Window> _windows = new();

    public long Used(string route, string client, long minute) =>
        _windows.TryGetValue((route, client), out var window) && window.Minute == minute ? Volatile.Read(ref window.Bytes) : 0;

    public void Add(string route, string client, long minute, long bytes)
    {
        var window = _windows.GetOrAdd((route, client), static _ => new Window());
        lock (window)
        {
            if (window.Minute != minute)
            {
                window.Minute = minute;
                window.Bytes = 0;
            }

            window.Bytes += bytes;
        }

        // Old minutes are worth nothing: drop them now and then so one-off clients do not accumulate.
        if (_windows.Count > 10_000)
        {
            foreach (var entry in _windows.Where(e => e.Value.Minute < minute))
            {
                _windows.TryRemove(entry);
            }
        }
    }

    private sealed class Window
    {
        public long Minute = -1;
        public long Bytes;
    }
}
