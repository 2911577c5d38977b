using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Gantry.Gateway.Host;

/// <summary>
/// What the feed, the reports and the shared quota use to reach the followed control plane: one HttpClient (one
/// connection pool) and the gateway token, read from its file so a token replaced while the gateway runs is picked up.
/// </summary>
internal sealed class ControlPlaneClient : IDisposable
{
    private readonly FeedSettings _settings;
    private Token? _token;

    public ControlPlaneClient(FeedSettings settings)
    {
        _settings = settings;
        Http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = settings.ControlPlane,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    public HttpClient Http { get; }

    /// <summary>
    /// The gateway token, read afresh when the one read last is older than <paramref name="maxAge"/> (zero: every
    /// time; a connection is rare, a quota count is per request).
    /// </summary>
    public async ValueTask<string> TokenAsync(TimeSpan maxAge, CancellationToken ct)
    {
        if (Volatile.Read(ref _token) is { } known && Stopwatch.GetElapsedTime(known.ReadAt) < maxAge)
        {
            return known.Value;
        }

        try
        {
            var token = (await File.ReadAllTextAsync(_settings.TokenFile, ct)).Trim();
            if (token.Length == 0)
            {
                throw new ControlPlaneRefusedException($"{_settings.TokenFile} is empty");
            }

            Volatile.Write(ref _token, new Token(token, Stopwatch.GetTimestamp()));
            return token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControlPlaneRefusedException($"the token file cannot be read: {e.Message}");
        }
    }

    /// <summary>The <c>detail</c> of a problem document the control plane answered with.</summary>
    public static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "(no detail)";
        }
    }

    public void Dispose() => Http.Dispose();

    private sealed record Token(string Value, long ReadAt);
}
