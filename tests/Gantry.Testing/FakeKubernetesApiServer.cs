using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gantry.Testing;

/// <summary>
/// A FAKE Kubernetes API server on 127.0.0.1 (no real cluster runs on these machines): it stores what is applied,
/// lists by label, deletes, records every request, plays a Deployment's rollout status as the test scripts it, and
/// fills a ServiceAccount token Secret's token as a cluster's token controller would.
/// It checks nothing a real server checks beyond paths; the tests assert on what Gantry sent.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RolloutScript> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, (int Status, string Message)> _refusals = new(StringComparer.Ordinal);

    private FakeKubernetesApiServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeKubernetesApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new FakeKubernetesApiServer(builder.Build());
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        server.Url = new Uri(server._app.Urls.First());
        return server;
    }

    /// <summary>Writes a kubeconfig whose context <c>fake</c> points at this server; answers its path.</summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Url.ToString().TrimEnd('/')}
            users:
            - name: fake
              user:
                token: not-a-real-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            """);
        return path;
    }

    /// <summary>How the named Deployment's rollout goes from now on.</summary>
    public void Script(string deployment, RolloutScript script) => _scripts[deployment] = script;

    /// <summary>Answers applies to paths ending with <paramref name="pathSuffix"/> with an error Status.</summary>
    public void Refuse(string pathSuffix, int status, string message) => _refusals[pathSuffix] = (status, message);

    /// <summary>Puts an object in the store as if someone else had created it.</summary>
    public void Seed(string path, JsonObject item) => _objects[path] = item;

    public JsonObject? Get(string path) => _objects.TryGetValue(path, out var item) ? item : null;

    public bool Has(string path) => _objects.ContainsKey(path);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var path = request.Path.Value!;
        _requests.Enqueue(new RecordedRequest(request.Method, path, request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), request.ContentType, body));

        var segments = path.Trim('/').Split('/');
        var isCollection = segments[0] == "api" ? segments.Length == 5 : segments[0] == "apis" && segments.Length == 6;
        switch (request.Method)
        {
            case "PATCH":
                await PatchAsync(context, path, body);
                break;
            case "GET" when isCollection:
                await ListAsync(context, path, request.Query["labelSelector"].ToString());
                break;
            case "GET":
                await ReadAsync(context, path, segments);
                break;
            case "DELETE":
                await (_objects.TryRemove(path, out var deleted) ? Answer(context, 200, deleted) : NotFound(context, path));
                break;
            default:
                await Answer(context, 405, Status("Failure", 405, $"{request.Method} is not served by the fake"));
                break;
        }
    }

    private async Task PatchAsync(HttpContext context, string path, string body)
    {
        if (_refusals.FirstOrDefault(r => path.EndsWith(r.Key, StringComparison.Ordinal)) is { Key: not null } refusal)
        {
            await Answer(context, refusal.Value.Status, Status("Failure", refusal.Value.Status, refusal.Value.Message));
            return;
        }

        var applied = JsonNode.Parse(body)!.AsObject();
        var metadata = applied["metadata"]!.AsObject();
        if (applied["kind"]?.GetValue<string>() == "Deployment")
        {
            // A real server bumps the generation when the spec changes; the rollout then starts again.
            var previous = Get(path);
            var generation = previous?["metadata"]?["generation"]?.GetValue<long>() ?? 0;
            var changed = previous is null || previous["spec"]?.ToJsonString() != applied["spec"]?.ToJsonString();
            metadata["generation"] = changed ? generation + 1 : generation;
            applied["status"] = changed ? null : previous!["status"]?.DeepClone();
            if (changed)
            {
                _reads[path] = 0;
            }
        }

        if (applied["type"]?.GetValue<string>() == "kubernetes.io/service-account-token")
        {
            // As a cluster's token controller does, at once: a token naming the ServiceAccount, kept across applies.
            var token = Get(path)?["data"]?["token"]?.GetValue<string>()
                ?? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"fake-token.{metadata["annotations"]?["kubernetes.io/service-account.name"]}.{Guid.NewGuid():N}"));
            applied["data"] = new JsonObject { ["token"] = token };
        }

        _objects[path] = applied;
        await Answer(context, 200, applied);
    }

    private async Task ReadAsync(HttpContext context, string path, string[] segments)
    {
        if (Get(path) is not { } item)
        {
            await NotFound(context, path);
            return;
        }

        if (item["kind"]?.GetValue<string>() == "Deployment")
        {
            var reads = _reads.AddOrUpdate(path, 1, (_, n) => n + 1);
            var script = _scripts.GetValueOrDefault(segments[^1], RolloutScript.Healthy);
            item["status"] = script.StatusAfter(reads, item);
        }

        await Answer(context, 200, item);
    }

    private async Task ListAsync(HttpContext context, string prefix, string selector)
    {
        var wanted = selector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToList();
        var items = new JsonArray();
        foreach (var (path, item) in _objects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var labels = item["metadata"]?["labels"]?.AsObject();
            if (path.StartsWith(prefix + "/", StringComparison.Ordinal) && path.Count(c => c == '/') == prefix.Count(c => c == '/') + 1
                && wanted.All(w => labels?[w[0]]?.GetValue<string>() == w[1]))
            {
                items.Add(item.DeepClone());
            }
        }

        await Answer(context, 200, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["metadata"] = new JsonObject(), ["items"] = items });
    }

    private static Task NotFound(HttpContext context, string path) => Answer(context, 404, Status("Failure", 404, $"{path} not found"));

    private static JsonObject Status(string status, int code, string message) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Status",
        ["status"] = status,
        ["code"] = code,
        ["message"] = message,
    };

    private static async Task Answer(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
