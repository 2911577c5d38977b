using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gantry.Gateway.Tls.Acme;

/// <summary>
/// Signed requests to an ACME server: keeps a fresh nonce, retries a rejected nonce (<c>badNonce</c>, which servers
/// may send at any time) and transient failures (5xx, <c>rateLimited</c>, network errors) honouring Retry-After.
/// </summary>
internal sealed class AcmeTransport(HttpClient http, AcmeJws jws, ILogger logger, TimeProvider time)
{
    private const int MaxBadNonceRetries = 10;
    private const int MaxTransientRetries = 4;

    private string? _nonce;

    public Uri? NewNonceUrl { get; set; }

    public Uri? AccountUrl { get; set; }

    public async Task<JsonDocument> GetJsonAsync(Uri url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        await EnsureSuccessAsync(response, ct);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>A signed POST (<paramref name="payload"/> null: POST-as-GET). The caller disposes the response.</summary>
    public async Task<HttpResponseMessage> PostAsync(Uri url, object? payload, CancellationToken ct, string accept = "application/json")
    {
        for (int badNonces = 0, transient = 0; ; )
        {
            HttpResponseMessage response;
            try
            {
                var body = jws.Sign(url, await NonceAsync(ct), payload, AccountUrl);
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/jose+json");
                request.Headers.Accept.ParseAdd(accept);
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException ex) when (transient < MaxTransientRetries)
            {
                transient++;
                AcmeLog.Retrying(logger, url, ex.Message, transient);
                await Task.Delay(Backoff(transient, null), time, ct);
                continue;
            }

            Remember(response);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            var problem = await ProblemAsync(response, ct);
            response.Dispose();
            if (problem.Type == "urn:ietf:params:acme:error:badNonce" && badNonces < MaxBadNonceRetries)
            {
                badNonces++;
                AcmeLog.BadNonce(logger, url, badNonces);
                continue;
            }

            var isTransient = (int)response.StatusCode >= 500 || problem.Type == "urn:ietf:params:acme:error:rateLimited";
            if (isTransient && transient < MaxTransientRetries && (problem.RetryAfter ?? TimeSpan.Zero) <= TimeSpan.FromMinutes(2))
            {
                transient++;
                AcmeLog.Retrying(logger, url, problem.Message, transient);
                await Task.Delay(Backoff(transient, problem.RetryAfter), time, ct);
                continue;
            }

            throw problem;
        }
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } retry
            ? retry.Delta ?? (retry.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;

    private static TimeSpan Backoff(int attempt, TimeSpan? retryAfter) =>
        retryAfter is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1));

    private async Task<string> NonceAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _nonce, null) is { } nonce)
        {
            return nonce;
        }

        using var request = new HttpRequestMessage(HttpMethod.Head, NewNonceUrl ?? throw new InvalidOperationException("the directory was not read"));
        using var response = await http.SendAsync(request, ct);
        return response.Headers.TryGetValues("Replay-Nonce", out var values) ? values.First()
            : throw new AcmeException($"the ACME server gave no nonce at {NewNonceUrl} (HTTP {(int)response.StatusCode})");
    }

    private void Remember(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Replay-Nonce", out var values))
        {
            _nonce = values.First();
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, ct);
        }
    }

    /// <summary>The server's problem document (RFC 7807) as an exception, with its subproblems (per identifier) in the message.</summary>
    private static async Task<AcmeException> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        string? type = null, detail = null;
        var parts = new List<string>();
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (root.TryGetProperty("subproblems", out var subs) && subs.ValueKind == JsonValueKind.Array)
            {
                parts.AddRange(subs.EnumerateArray().Select(s =>
                    $"{(s.TryGetProperty("identifier", out var id) && id.TryGetProperty("value", out var v) ? v.GetString() : "?")}: {(s.TryGetProperty("detail", out var sd) ? sd.GetString() : "")}"));
            }
        }
        catch (JsonException)
        {
        }

        var message = $"the ACME server answered {(int)response.StatusCode}"
            + (detail is null ? "" : $": {detail}") + (parts.Count == 0 ? "" : $" ({string.Join("; ", parts)})");
        return new AcmeException(message, type, (int)response.StatusCode, RetryAfter(response));
    }
}
