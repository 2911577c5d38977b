using System.Collections.Immutable;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.Gateway.Policies;

/// <summary>
/// The signing keys of a JWKS URL: fetched on first use, kept for 10 minutes, fetched again at most every 10 seconds
/// when a token names an unknown key id (key rotation) or the last fetch failed. A failed fetch keeps the keys already
/// known; symmetric keys in a fetched set are ignored (and logged): a secret is never taken from the network.
/// </summary>
internal sealed class JwksSource(string url, JwksFetcher fetcher, ILogger logger)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinimumRefetch = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private Task? _fetch;
    private long _lastKeyIdFetch = long.MinValue / 2;
    private ImmutableArray<SecurityKey> _keys = [];
    private long _fetchedAt = long.MinValue / 2;
    private bool _failed;

    public string Url { get; } = url;

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
            else if (_failed && now - _fetchedAt < MinimumRefetch.TotalMilliseconds)
            {
                return keys; // nor may an issuer that is down (or a refused URL) make every request fetch again
            }
            else
            {
                if (!stale)
                {
                    _lastKeyIdFetch = now;
                }

                fetch = _fetch = FetchAsync();
            }
        }

        await fetch.WaitAsync(ct);
        return _keys;
    }

    private async Task FetchAsync()
    {
        try
        {
            var json = await fetcher.FetchAsync(Url, CancellationToken.None);
            var keys = JwksKeys.Parse(json, allowSymmetric: false, out var ignored);
            if (ignored > 0)
            {
                PolicyLog.JwksSymmetricKeysIgnored(logger, Url, ignored);
            }

            _keys = keys;
            _failed = false;
        }
        catch (Exception ex) when (ex is JwksFetchException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            _failed = true;
            PolicyLog.JwksFetchFailed(logger, Url, ex.Message);
        }
        finally
        {
            _fetchedAt = Environment.TickCount64;
        }
    }
}
