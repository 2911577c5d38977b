using System.Collections.Concurrent;
using System.Text.Json;

namespace Gantry.Testing;

/// <summary>A steady stream of GET requests through the gateway from several clients, recording every failure and which releases answered.</summary>
public sealed class LoadGenerator : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _host;
    private readonly int _clients;
    private readonly string _path;
    private readonly bool _closeConnections;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _releases = new();
    private readonly ConcurrentDictionary<string, int> _instances = new();
    private Task[] _workers = [];
    private int _succeeded;

    /// <param name="closeConnections">Every request on a new connection, sent with <c>Connection: close</c>.</param>
    public LoadGenerator(Uri gateway, string host, int clients = 4, string path = "/", bool closeConnections = false)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        _host = host;
        _clients = clients;
        _path = path;
        _closeConnections = closeConnections;
    }

    public int Succeeded => Volatile.Read(ref _succeeded);

    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>How many answers came from each release number.</summary>
    public IReadOnlyDictionary<string, int> Releases => _releases;

    /// <summary>How many answers came from each instance id.</summary>
    public IReadOnlyDictionary<string, int> Instances => _instances;

    public void Start() => _workers = [.. Enumerable.Range(0, _clients).Select(_ => Task.Run(RunAsync))];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _http.Dispose();
        _stop.Dispose();
    }

    public string Describe() =>
        $"{Succeeded} ok, {_failures.Count} failed; releases {string.Join(", ", _releases.Select(r => $"{r.Key}:{r.Value}"))}; first failures: {string.Join(" | ", _failures.Take(5))}";

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, _path);
                request.Headers.Host = _host;
                if (_closeConnections)
                {
                    request.Headers.ConnectionClose = true;
                }

                using var response = await _http.SendAsync(request, _stop.Token);
                var body = await response.Content.ReadAsStringAsync(_stop.Token);
                if (!response.IsSuccessStatusCode)
                {
                    _failures.Enqueue($"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
                    continue;
                }

                Interlocked.Increment(ref _succeeded);
                using var json = JsonDocument.Parse(body);
                _releases.AddOrUpdate(json.RootElement.GetProperty("release").GetString() ?? "?", 1, (_, n) => n + 1);
                _instances.AddOrUpdate(json.RootElement.GetProperty("instance").GetString() ?? "?", 1, (_, n) => n + 1);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _failures.Enqueue($"{ex.GetType().Name}: {ex.Message}");
            }

            try
            {
                // Pacing, not synchronisation: keeps the stream steady without starving the server on a 2-core machine.
                await Task.Delay(5, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
