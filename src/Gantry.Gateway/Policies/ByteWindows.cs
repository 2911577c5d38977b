namespace Gantry.Gateway.Policies;

/// <summary>
/// Body bytes per client and route in the current minute, for bandwidth limits. At most <c>capacity</c> windows are
/// kept; the least recently used make room (an old minute is worth nothing, and a client pushed out by that many
/// newer ones starts its minute again).
/// </summary>
internal sealed class ByteWindows(int capacity)
{
    private readonly BoundedTable<(string Route, string Client), Window> _windows = new(capacity);

    public BoundedTable<(string Route, string Client), Window> Table => _windows;

    public long Used(string route, string client, long minute) =>
        _windows.TryGetValue((route, client), out var window) && Volatile.Read(ref window.Minute) == minute ? Volatile.Read(ref window.Bytes) : 0;

    public void Add(string route, string client, long minute, long bytes)
    {
        var window = _windows.GetOrAdd((route, client), static (_, _) => new Window(), 0);
        lock (window)
        {
            if (window.Minute != minute)
            {
                window.Minute = minute;
                window.Bytes = 0;
            }

            window.Bytes += bytes;
        }
    }

    internal sealed class Window
    {
        public long Minute = -1;
        public long Bytes;
    }
}
