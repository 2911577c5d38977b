using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gantry.ControlPlane.Tests.Git;

/// <summary>Posts webhook deliveries as GitHub does (X-GitHub-Event, X-Hub-Signature-256), to the API's address without a bearer token.</summary>
internal sealed class GitWebhookSender(Uri api) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = api };

    public Task<HttpResponseMessage> PushAsync(string app, string secret, string branch, string sha, string message) =>
        SendAsync(app, secret, "push", new { @ref = $"refs/heads/{branch}", before = new string('0', 40), after = sha, deleted = false, head_commit = new { id = sha, message } });

    public Task<HttpResponseMessage> PullRequestAsync(string app, string secret, string action, int number, string headSha) =>
        SendAsync(app, secret, "pull_request", new { action, number, pull_request = new { number, title = $"change {number}", head = new { sha = headSha, @ref = "feature" } } });

    public async Task<HttpResponseMessage> SendAsync(string app, string secret, string githubEvent, object payload)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/git/{app}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", githubEvent);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
