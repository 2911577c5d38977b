using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>
/// A shared quota at the boundary the gateway library ends at (the control plane's endpoint is tested over HTTP in the
/// host's tests): answers with <paramref name="answer"/>, which may throw or never finish, and counts the asks.
/// </summary>
internal sealed class FakeSharedQuota(Func<SharedQuotaRequest, CancellationToken, Task<SharedQuotaAnswer>> answer) : ISharedQuota
{
    private int _asked;

    public int Asked => Volatile.Read(ref _asked);

    public SharedQuotaRequest? Last { get; private set; }

    /// <summary>Counts day windows of <paramref name="perDay"/> requests per client, as the control plane would.</summary>
    public static FakeSharedQuota Counting(int perDay)
    {
        var used = 0;
        return new FakeSharedQuota((_, _) =>
        {
            var count = Interlocked.Increment(ref used);
            var reset = 86400 - (DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 86400);
            return Task.FromResult(count <= perDay
                ? new SharedQuotaAnswer(true, "day", perDay, perDay - count, reset, 86400)
                : new SharedQuotaAnswer(false, "day", perDay, 0, reset, 86400));
        });
    }

    public static FakeSharedQuota Failing() => new((_, _) => throw new HttpRequestException("Connection refused (127.0.0.1:9)"));

    /// <summary>Never answers, and ignores the cancellation it is given (the worst a shared quota can do).</summary>
    public static FakeSharedQuota Silent() => new((_, _) => new TaskCompletionSource<SharedQuotaAnswer>().Task);

    public async ValueTask<SharedQuotaAnswer> CountAsync(SharedQuotaRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _asked);
        Last = request;
        return await answer(request, cancellationToken);
    }
}
