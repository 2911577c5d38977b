using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>
/// Fetches JSON Web Key Sets without letting a URL reach what it should not: https only, no redirects, at most 1 MiB in
/// 5 seconds, and every address a host resolves to checked against the <see cref="JwksFetchPolicy"/> as the connection
/// is made (the checked address is the one connected to, so DNS rebinding cannot slip past). The deploy's check and the
/// gateway fetch through the same instance.
/// </summary>
public sealed class JwksFetcher : IDisposable
{
    /// <summary>The largest key set read; real ones are a few KiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The whole fetch: resolving, connecting, headers and body.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;

    public JwksFetcher(JwksFetchPolicy policy)
    {
        Policy = policy;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false, // a proxy would connect for us, past the address check
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // FetchAsync bounds the whole fetch itself
        };
    }

    public JwksFetchPolicy Policy { get; }

    /// <summary>Name resolution; tests stand in for DNS here (a name that resolves inside cannot be made real on a test machine).</summary>
    internal Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>The key set's JSON text; a <see cref="JwksFetchException"/> says why there is none.</summary>
    internal async Task<string> FetchAsync(string url, CancellationToken ct)
    {
        if (Policy.CheckUrl(url) is { } problem)
        {
            throw new JwksFetchException(problem);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/jwk-set+json, application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                var to = response.Headers.Location is { } location ? $" to {location}" : "";
                throw new JwksFetchException($"{url} answered {status}, a redirect{to}; redirects are not followed: name the URL the key set is served at");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new JwksFetchException($"{url} answered {status} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength is > MaxBytes and var length)
            {
                throw new JwksFetchException($"the key set at {url} is {length} bytes; at most 1 MiB is read");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await ReadBoundedAsync(body, url, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new JwksFetchException($"fetching {url} took longer than {Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw Unwrap(e) ?? new JwksFetchException($"fetching {url} failed: {e.Message}");
        }
    }

    /// <summary>
    /// Fetches a URL once, as the deploy does before it stores a release: what the gateway would refuse about the key
    /// set there (address, redirect, size, time, not a key set, a symmetric key), or null when it would take it.
    /// </summary>
    public async Task<string?> ProblemAtAsync(string url, CancellationToken ct)
    {
        try
        {
            return JwksKeys.ProblemOfFetched(await FetchAsync(url, ct)) is { } problem ? $"the key set at {url} {problem}" : null;
        }
        catch (JwksFetchException e)
        {
            return e.Message;
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<string> ReadBoundedAsync(Stream body, string url, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new JwksFetchException($"the key set at {url} is larger than 1 MiB; at most 1 MiB is read");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Resolves the host, refuses it when any of its addresses is off limits, and connects to a checked address.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var literal = IPAddress.TryParse(host, out var parsed);
        var addresses = literal ? [parsed!] : await Resolve(host, ct);
        if (addresses.Length == 0)
        {
            throw new JwksFetchException($"'{host}' resolves to no address");
        }

        // Every address, not just the first: a name that also points inside must not be tried until one answers.
        foreach (var address in addresses)
        {
            if (Policy.CheckAddress(address, literal ? null : host) is { } problem)
            {
                throw new JwksFetchException(problem);
            }
        }

        SocketException? failure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw failure!;
    }

    private static JwksFetchException? Unwrap(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is JwksFetchException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
