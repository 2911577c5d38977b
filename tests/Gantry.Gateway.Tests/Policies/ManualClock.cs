using System.Diagnostics;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>A clock that stands still until the test moves it: a pause of seconds is checked without waiting for it, however slow the machine.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _now = Stopwatch.GetTimestamp();

    public override long GetTimestamp() => Volatile.Read(ref _now);

    public override long TimestampFrequency => Stopwatch.Frequency;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)(by.TotalSeconds * Stopwatch.Frequency));
}
