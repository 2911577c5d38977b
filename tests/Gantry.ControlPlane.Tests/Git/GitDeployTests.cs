using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Git;

/// <summary>
/// Deploys from a real Git repository (a bare repository reached by its file:// URL, as a forge serves one): connect,
/// deploy the branch, a signed push webhook deploying the pushed commit, and a pull request's preview.
/// </summary>
public sealed class GitDeployTests : IAsyncLifetime
{
    private readonly GitRemote _remote = new();
    private TestServer _server = null!;
    private GitWebhookSender _hooks = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _hooks = new GitWebhookSender(_server.Admin.BaseAddress!);
    }

    public async Task DisposeAsync()
    {
        _hooks.Dispose();
        await _server.DisposeAsync();
        _remote.Dispose();
    }

    [Fact]
    public async Task DeployingTheConnectedBranch_ServesItsHead_AndTheReleaseRecordsTheCommit()
    {
        new NodeApp(Name: "docs", Greeting: "version one").WriteTo(Path.Combine(_remote.Work, "site"));
        var sha = _remote.CommitAndPush("First version\n\nWith a body.");
        await ConnectAsync("docs", new GitConnectRequest(_remote.Url, Path: "site"));

        var response = await _server.Admin.PostAsJsonAsync("/api/v1/apps/docs/git/deploy", new GitDeployRequest());
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var release = await _server.WaitForReleaseAsync("docs", 1, TimeSpan.FromMinutes(2));

        Assert.True(release.Release.Status == "Succeeded", Describe(release));
        var commit = Assert.IsType<CommitInfo>(release.Release.Commit);
        Assert.Equal(sha, commit.Sha);
        Assert.Equal("First version\n\nWith a body.", commit.Message);
        Assert.Equal($"git main@{sha[..7]}", release.Release.Source);
        Assert.Contains("version one", await (await _server.GetThroughGatewayAsync("docs.localhost")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedPushToTheConnectedBranch_DeploysThePushedCommit_WhileOtherBranchesAndBadSignaturesDoNot()
    {
        var site = Path.Combine(_remote.Work, "site");
        new NodeApp(Name: "blog", Greeting: "version one").WriteTo(site);
        _remote.CommitAndPush("one");
        var secret = (await ConnectAsync("blog", new GitConnectRequest(_remote.Url, Path: "site"))).WebhookSecret!;
        new NodeApp(Name: "blog", Greeting: "version two").WriteTo(site);
        var two = _remote.CommitAndPush("two");

        var forged = await _hooks.PushAsync("blog", "not-the-secret", "main", two, "two");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var elsewhere = await _hooks.PushAsync("blog", secret, "feature", two, "two");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Contains("deploys pushes to 'main'", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknownApp = await _hooks.PushAsync("nothing-here", secret, "main", two, "two");
        Assert.Equal(HttpStatusCode.Unauthorized, unknownApp.StatusCode);

        var push = await _hooks.PushAsync("blog", secret, "main", two, "two");
        Assert.True(push.StatusCode == HttpStatusCode.Accepted, await push.Content.ReadAsStringAsync());
        var release = await _server.WaitForReleaseAsync("blog", 1, TimeSpan.FromMinutes(2));

        Assert.True(release.Release.Status == "Succeeded", Describe(release));
        Assert.Equal(two, release.Release.Commit?.Sha);
        Assert.Equal("webhook (github)", release.Release.CreatedBy);
        Assert.Contains("version two", await (await _server.GetThroughGatewayAsync("blog.localhost")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var events = await _server.Admin.GetFromJsonAsync<List<EventInfo>>("/api/v1/events?app=blog", JsonSerializerOptions.Web);
        Assert.Contains(events!, e => e.Kind == "git.push" && e.Message.Contains(two[..7], StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOpenedPullRequest_DeploysAPreviewAtItsOwnHost_AndClosingItRemovesThePreview()
    {
        var site = Path.Combine(_remote.Work, "site");
        new NodeApp(Name: "wiki", Greeting: "main").WriteTo(site);
        _remote.CommitAndPush("main");
        var secret = (await ConnectAsync("wiki", new GitConnectRequest(_remote.Url, Path: "site", Previews: true))).WebhookSecret!;
        new NodeApp(Name: "wiki", Greeting: "proposed").WriteTo(site);
        var head = _remote.CommitAndPush("proposed change", "refs/pull/7/head");

        var opened = await _hooks.PullRequestAsync("wiki", secret, "opened", 7, head);
        Assert.True(opened.StatusCode == HttpStatusCode.Accepted, await opened.Content.ReadAsStringAsync());
        var preview = await _server.WaitForReleaseAsync("wiki-pr-7", 1, TimeSpan.FromMinutes(2));

        Assert.True(preview.Release.Status == "Succeeded", Describe(preview));
        Assert.Equal(head, preview.Release.Commit?.Sha);
        Assert.Contains("proposed", await (await _server.GetThroughGatewayAsync("pr-7.wiki.localhost")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync("/api/v1/apps/wiki")).StatusCode);

        var closed = await _hooks.PullRequestAsync("wiki", secret, "closed", 7, head);
        Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
        await Eventually.UntilAsync(
            async () => (await _server.Admin.GetAsync("/api/v1/apps/wiki-pr-7")).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromMinutes(1), "the preview to be removed");
        await Eventually.UntilAsync(
            async () => (await _server.GetThroughGatewayAsync("pr-7.wiki.localhost")).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30), "the preview's route to be gone");
    }

    [Fact]
    public async Task APreview_ReadsItsOwnSettingsAndThePlatforms_NeverTheApps()
    {
        var site = Path.Combine(_remote.Work, "site");
        new NodeApp(Name: "cfg").WriteTo(site);
        var score = Path.Combine(site, "score.yaml");
        await File.WriteAllTextAsync(score, (await File.ReadAllTextAsync(score))
            .Replace("GREETING: \"hello\"", "GREETING: ${resources.env.GREETING}", StringComparison.Ordinal)
            .Replace("resources:\n", "resources:\n  env:\n    type: environment\n", StringComparison.Ordinal));
        var head = _remote.CommitAndPush("settings from the platform", "refs/pull/3/head");
        var secret = (await ConnectAsync("cfg", new GitConnectRequest(_remote.Url, Path: "site", Previews: true))).WebhookSecret!;
        Assert.True((await _server.Admin.PatchAsJsonAsync("/api/v1/apps/cfg/config", new { values = new Dictionary<string, string> { ["GREETING"] = "the app's secret" } })).IsSuccessStatusCode);

        await _hooks.PullRequestAsync("cfg", secret, "opened", 3, head);
        var refused = await Eventually.UntilAsync(
            () => _server.Admin.GetFromJsonAsync<List<EventInfo>>("/api/v1/events?app=cfg", JsonSerializerOptions.Web),
            events => events!.Any(e => e.Kind == "git.deploy.failed"), TimeSpan.FromMinutes(1), "the preview's deploy to fail");
        Assert.Contains("gantry config set cfg-pr-3", refused!.Single(e => e.Kind == "git.deploy.failed").Message, StringComparison.Ordinal);

        Assert.True((await _server.Admin.PatchAsJsonAsync("/api/v1/apps/cfg-pr-3/config", new { values = new Dictionary<string, string> { ["GREETING"] = "the preview's own" } })).IsSuccessStatusCode);
        var updated = await _hooks.PullRequestAsync("cfg", secret, "synchronize", 3, head);
        Assert.True(updated.StatusCode == HttpStatusCode.Accepted, await updated.Content.ReadAsStringAsync());
        await Eventually.UntilAsync(
            async () => (await _server.Admin.GetAsync("/api/v1/apps/cfg-pr-3/releases/1")).IsSuccessStatusCode
                || (await _server.Admin.GetFromJsonAsync<List<EventInfo>>("/api/v1/events?app=cfg", JsonSerializerOptions.Web))!.Count(e => e.Kind == "git.deploy.failed") > 1,
            TimeSpan.FromMinutes(1), "the preview's release, or its failure");
        var events = (await _server.Admin.GetFromJsonAsync<List<EventInfo>>("/api/v1/events?app=cfg", JsonSerializerOptions.Web))!;
        Assert.True(events.Count(e => e.Kind == "git.deploy.failed") == 1, string.Join("\n", events.Select(e => e.Message)));
        var preview = await _server.WaitForReleaseAsync("cfg-pr-3", 1, TimeSpan.FromMinutes(2));

        Assert.True(preview.Release.Status == "Succeeded", Describe(preview));
        Assert.Contains("the preview's own", await (await _server.GetThroughGatewayAsync("pr-3.cfg.localhost")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadConnectionsAndRefs_AreRefusedWithTheFieldNamed_AndSecretsAreShownOnceOnly()
    {
        new NodeApp(Name: "notes", Greeting: "x").WriteTo(_remote.Work);
        _remote.CommitAndPush("x");

        var withPassword = await _server.Admin.PutAsJsonAsync("/api/v1/apps/notes/git", new GitConnectRequest("https://ada:s3cret@example.com/notes.git"));
        Assert.Equal(HttpStatusCode.BadRequest, withPassword.StatusCode);
        Assert.Contains("repository: the URL carries credentials", await withPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badBranch = await _server.Admin.PutAsJsonAsync("/api/v1/apps/notes/git", new GitConnectRequest(_remote.Url, Branch: "--upload-pack=x"));
        Assert.Contains("branch:", await badBranch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var notConnected = await _server.Admin.PostAsJsonAsync("/api/v1/apps/notes/git/deploy", new GitDeployRequest());
        Assert.Equal(HttpStatusCode.NotFound, notConnected.StatusCode);

        var created = await ConnectAsync("notes", new GitConnectRequest(_remote.Url));
        Assert.NotNull(created.WebhookSecret);
        Assert.Null(created.DeployKey);
        var shown = await _server.Admin.GetStringAsync("/api/v1/apps/notes/git");
        Assert.DoesNotContain(created.WebhookSecret!, shown, StringComparison.Ordinal);
        var changed = await ConnectAsync("notes", new GitConnectRequest(null, Branch: "main"));
        Assert.Null(changed.WebhookSecret);
        Assert.Equal(_remote.Url, changed.Repository);

        var missingRef = await _server.Admin.PostAsJsonAsync("/api/v1/apps/notes/git/deploy", new GitDeployRequest("no-such-branch"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missingRef.StatusCode);
        Assert.Contains("no-such-branch", await missingRef.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ssh = await ConnectAsync("notes", new GitConnectRequest("git@git.example.com:acme/notes.git"));
        Assert.StartsWith("ssh-ed25519 ", ssh.DeployKey, StringComparison.Ordinal);
        Assert.StartsWith("SHA256:", ssh.DeployKeyFingerprint, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_server.DataPath, "gantry.db*"))
        {
            var stored = System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            Assert.False(stored.Contains(created.WebhookSecret!, StringComparison.Ordinal), $"the webhook secret is stored in plain text in {file}");
            Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnSshRepository_IsDeployedWithTheDeployKeyGantryMade_OnceTheServerKnowsIt()
    {
        new NodeApp(Name: "private", Greeting: "over ssh").WriteTo(_remote.Work);
        var sha = _remote.CommitAndPush("private app");
        // The key is made on the first connect, before the server is told about it; changing the URL keeps it.
        var first = await ConnectAsync("private", new GitConnectRequest("git@git.example.com:acme/private.git"));
        await using var sshd = await SshGitServer.StartAsync(first.DeployKey!);
        var connected = await ConnectAsync("private", new GitConnectRequest(sshd.UrlOf(_remote.Bare)));
        Assert.Equal(first.DeployKey, connected.DeployKey);

        var response = await _server.Admin.PostAsJsonAsync("/api/v1/apps/private/git/deploy", new GitDeployRequest());
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var release = await _server.WaitForReleaseAsync("private", 1, TimeSpan.FromMinutes(2));

        Assert.True(release.Release.Status == "Succeeded", Describe(release));
        Assert.Equal(sha, release.Release.Commit?.Sha);
        Assert.Contains("over ssh", await (await _server.GetThroughGatewayAsync("private.localhost")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(" ssh-ed25519 ", await File.ReadAllTextAsync(Path.Combine(_server.DataPath, "git", "known_hosts")), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_server.DataPath, "git"), "key-*"));
    }

    [Fact]
    public async Task FilesDescribingAnotherApp_AreRefused_NamingBothApps()
    {
        new NodeApp(Name: "other", Greeting: "x").WriteTo(_remote.Work);
        _remote.CommitAndPush("x");
        await ConnectAsync("mine", new GitConnectRequest(_remote.Url));

        var response = await _server.Admin.PostAsJsonAsync("/api/v1/apps/mine/git/deploy", new GitDeployRequest());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("describes app 'other', but it is connected to app 'mine'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Describe(ReleaseDetail release) =>
        $"{release.Release.Status}: {release.Release.Reason}\n{string.Join("\n", release.Events.Select(e => $"{e.Kind}: {e.Message}"))}";

    private async Task<GitConnectionInfo> ConnectAsync(string app, GitConnectRequest request)
    {
        var response = await _server.Admin.PutAsJsonAsync($"/api/v1/apps/{app}/git", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<GitConnectionInfo>(JsonSerializerOptions.Web))!;
    }
}
