using System.Collections.Concurrent;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>
/// Slows password guessing without letting anyone lock others out: wrong passwords are counted per account and
/// address, per address, and per account from anywhere, over a sliding window; past a limit, sign-ins there are refused
/// (429) until the oldest counted failure leaves the window. Another user, or the same user from another address
/// below the account's wider limit, still signs in.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public const int PerAccountAndAddress = 10;
    public const int PerAddress = 50;
    public const int PerAccount = 100;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until a sign-in of <paramref name="account"/> from <paramref name="address"/> is taken again; null: now.</summary>
    public TimeSpan? RetryAfter(string account, string address)
    {
        var now = time.GetUtcNow();
        var waits = Keys(account, address)
            .Select(k => Wait(k.Key, k.Limit, now))
            .Where(w => w is not null)
            .ToList();
        return waits.Count == 0 ? null : waits.Max();
    }

    public void Failed(string account, string address)
    {
        var now = time.GetUtcNow();
        foreach (var (key, _) in Keys(account, address))
        {
            var queue = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
            lock (queue)
            {
                Prune(queue, now);
                queue.Enqueue(now);
            }
        }
    }

    /// <summary>A right password from an address forgets that address's failures for the account.</summary>
    public void Succeeded(string account, string address) => _failures.TryRemove(Keys(account, address)[0].Key, out _);

    private static (string Key, int Limit)[] Keys(string account, string address) =>
        [($"pair|{account}|{address}", PerAccountAndAddress), ($"address|{address}", PerAddress), ($"account|{account}", PerAccount)];

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var queue))
        {
            return null;
        }

        lock (queue)
        {
            Prune(queue, now);
            if (queue.Count == 0)
            {
                _failures.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, queue));
                return null;
            }

            // Refused while the window holds 'limit' failures: until the one that would make room leaves it.
            return queue.Count < limit ? null : queue.ElementAt(queue.Count - limit) + Window - now;
        }
    }

    private static void Prune(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && now - queue.Peek() >= Window)
        {
            queue.Dequeue();
        }
    }
}
