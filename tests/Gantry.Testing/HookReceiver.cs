using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gantry.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 that receives notifications as a webhook, Discord or Slack would: it records every
/// request, answers with the status the test sets (or holds requests until released), and counts what it accepted
/// once per idempotency key, as a receiver that drops duplicates does.
/// </summary>
public sealed class HookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedHook> _received = new();
    private readonly ConcurrentDictionary<string, ReceivedHook> _accepted = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource _release = Released();
    private int _sequence;

    private HookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The status the next requests are answered with.</summary>
    public int Status { get; set; } = 200;

    /// <summary>Every request, retries and duplicates included, in arrival order.</summary>
    public IReadOnlyList<ReceivedHook> Received => [.. _received];

    /// <summary>Requests answered 2xx, the first of each idempotency key only.</summary>
    public IReadOnlyCollection<ReceivedHook> Accepted => [.. _accepted.Values.OrderBy(h => h.Sequence)];

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new HookReceiver(builder.Build());
        receiver._app.Run(receiver.HandleAsync);
        await receiver._app.StartAsync();
        receiver.Url = new Uri(receiver._app.Urls.First());
        return receiver;
    }

    /// <summary>From now on requests are held, unanswered, until <see cref="Release"/>.</summary>
    public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var hook = new ReceivedHook(Interlocked.Increment(ref _sequence), context.Request.Path, headers, body);
        _received.Enqueue(hook);
        await _release.Task.WaitAsync(context.RequestAborted);
        var status = Status;
        if (status is >= 200 and < 300)
        {
            _accepted.TryAdd(headers.GetValueOrDefault("Idempotency-Key") ?? $"#{hook.Sequence}", hook);
        }

        context.Response.StatusCode = status;
    }

    private static TaskCompletionSource Released()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}

/// <summary>One request a <see cref="HookReceiver"/> got.</summary>
public sealed record ReceivedHook(int Sequence, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
