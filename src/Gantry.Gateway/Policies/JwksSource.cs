using System.Collections.Immutable;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.Gateway.Policies;

/// <summary>
/// The signing keys of a JWKS URL: fetched on first use, kept for 10 minutes, fetched again at most every 10 seconds
/// when a token names an unknown key id (key rotation). A failed fetch keeps the keys already known.
/// </summary>
internal sealed class JwksSource(Uri url, HttpClient http, ILogger logger)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinimumRefetch = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private Task? _fetch;
    private long _lastKeyIdFetch = long.MinValue / 2;
    private ImmutableArray<SecurityKey> _keys = [];
    private long _fetchedAt = long.MinValue / 2;

    public Uri Url { get; } = url;

    /// <summary>The keys from the last successful fetch, without fetching.</summary>
    public ImmutableArray<SecurityKey> CachedKeys => _keys;

    public async ValueTask<ImmutableArray<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken ct)
    {
        Task fetch;
        lock (_lock)
        {
            var keys = _keys;
            var now = Environment.TickCount64;
            var stale = keys.IsEmpty || now - _fetchedAt >= FreshFor.TotalMilliseconds;
            var unknown = keyId is not null && !keys.Any(k => k.KeyId == keyId);
            if (_fetch is { IsCompleted: false })
            {
                fetch = _fetch; // a fetch is under way: its keys may be the ones this token needs
            }
            else if (!stale && !unknown)
            {
                return keys;
            }
            else if (!stale && now - _lastKeyIdFetch < MinimumRefetch.TotalMilliseconds)
            {
                return keys; // a token with a made-up key id must not make the gateway hammer the issuer
            }
            else
            {
                if (!stale)
                {
                    _lastKeyIdFetch = now;
                }

                fetch = _fetch = FetchAsync(CancellationToken.None);
            }
        }

        await fetch.WaitAsync(ct);
        return _keys;
    }

    private async Task FetchAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var json = await http.GetStringAsync(Url, timeout.Token);
            _keys = JwksKeys.Parse(json);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException)
        {
            PolicyLog.JwksFetchFailed(logger, Url, ex.Message);
        }
        finally
        {
            _fetchedAt = Environment.TickCount64;
        }
    }
}
