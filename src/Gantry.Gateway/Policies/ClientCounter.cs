using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>
/// One client's counts on one route: this second, this minute, this UTC day and in total. One small lock per client
/// makes admission exact under concurrency: a request is counted only if every window still has room.
/// </summary>
internal sealed class ClientCounter
{
    private readonly Lock _lock = new();
    private long _second = -1, _minute = -1, _day = -1;
    private int _inSecond, _inMinute, _inDay;
    private long _total;

    public QuotaDecision TryCount(QuotaConfig quota, DateTimeOffset now) => TryCount(quota, now, QuotaWindows.All);

    /// <summary>Counts the request in the <paramref name="windows"/> asked for, only if each of them still has room.</summary>
    public QuotaDecision TryCount(QuotaConfig quota, DateTimeOffset now, QuotaWindows windows)
    {
        var unix = now.ToUnixTimeSeconds();
        var perGateway = (windows & QuotaWindows.PerGateway) != 0;
        var dayAndTotal = (windows & QuotaWindows.DayAndTotal) != 0;
        int? perSecond = perGateway ? quota.PerSecond : null, perMinute = perGateway ? quota.PerMinute : null;
        int? perDay = dayAndTotal ? quota.PerDay : null, total = dayAndTotal ? quota.Total : null;
        lock (_lock)
        {
            Roll(unix);

            // No iterator or list: this runs on every request of a limited route.
            var best = QuotaDecision.Unlimited;
            if (!Fits(ref best, "second", perSecond, _inSecond, 1, unix)
                || !Fits(ref best, "minute", perMinute, _inMinute, 60, unix)
                || !Fits(ref best, "day", perDay, _inDay, 86400, unix)
                || !Fits(ref best, "total", total, _total, 0, unix))
            {
                return best;
            }

            if (perGateway)
            {
                _inSecond++;
                _inMinute++;
            }

            // Day and total counts only under quotas that have them: a count above zero is then one worth keeping.
            if (perDay is not null)
            {
                _inDay++;
            }

            if (total is not null)
            {
                _total++;
            }

            return best;
        }
    }

    /// <summary>Takes back a second and minute count made at <paramref name="countedAt"/> (the day or total window then refused the request).</summary>
    public void GiveBackPerGateway(DateTimeOffset countedAt)
    {
        var unix = countedAt.ToUnixTimeSeconds();
        lock (_lock)
        {
            if (_second == unix && _inSecond > 0)
            {
                _inSecond--;
            }

            if (_minute == unix / 60 && _inMinute > 0)
            {
                _inMinute--;
            }
        }
    }

    /// <summary>False (and <paramref name="best"/> the refusal) when the window is full; else keeps the tightest window in <paramref name="best"/>.</summary>
    private static bool Fits(ref QuotaDecision best, string window, int? limit, long used, long length, long unix)
    {
        if (limit is not { } max)
        {
            return true;
        }

        var reset = length == 0 ? 0 : length - (unix % length);
        if (used >= max)
        {
            best = new QuotaDecision(false, window, max, 0, reset, length);
            return false;
        }

        var remaining = (int)(max - used - 1);
        if (best.Window.Length == 0 || remaining < best.Remaining)
        {
            best = new QuotaDecision(true, window, max, remaining, reset, length);
        }

        return true;
    }

    /// <summary>The counts worth keeping across a restart: today's and the total.</summary>
    public (long Day, int InDay, long Total) Snapshot()
    {
        lock (_lock)
        {
            return (_day, _inDay, _total);
        }
    }

    public void Restore(long day, int inDay, long total)
    {
        lock (_lock)
        {
            _day = day;
            _inDay = inDay;
            _total = total;
        }
    }

    private void Roll(long unix)
    {
        if (unix != _second)
        {
            _second = unix;
            _inSecond = 0;
        }

        if (unix / 60 != _minute)
        {
            _minute = unix / 60;
            _inMinute = 0;
        }

        if (unix / 86400 != _day)
        {
            _day = unix / 86400;
            _inDay = 0;
        }
    }
}
