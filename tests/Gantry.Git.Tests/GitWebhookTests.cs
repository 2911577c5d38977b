using System.Security.Cryptography;
using System.Text;

namespace Gantry.Git.Tests;

/// <summary>Deliveries shaped as GitHub, GitLab, Gitea and a generic caller send them: verified first, then read.</summary>
public sealed class GitWebhookTests
{
    private const string Secret = "the-webhook-secret";
    private const string Sha = "8f3a2c1d9e0b7a6f5e4d3c2b1a0f9e8d7c6b5a41";

    [Fact]
    public void AGitHubPush_SignedWithTheSecret_IsAPushOfItsBranchAndCommit()
    {
        var body = """{"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"SHA","deleted":false,"head_commit":{"id":"SHA","message":"Fix the header"},"repository":{"full_name":"acme/shop"}}""".Replace("SHA", Sha, StringComparison.Ordinal);

        var reading = GitWebhook.Read("github", GitHub("push", body), Encoding.UTF8.GetBytes(body), Secret);

        Assert.Equal(new WebhookReading.Push("main", Sha, "Fix the header"), reading);
    }

    [Theory]
    [InlineData("sha256=0000")]
    [InlineData("sha256=not-hex")]
    [InlineData(null)]
    public void AGitHubDelivery_WithAWrongOrMissingSignature_IsRefused401NamingTheHeader(string? signature)
    {
        var body = """{"ref":"refs/heads/main","after":"abc"}""";
        var headers = new Dictionary<string, string> { ["X-GitHub-Event"] = "push" };
        if (signature is not null)
        {
            headers["X-Hub-Signature-256"] = signature;
        }

        var refused = Assert.IsType<WebhookReading.Refused>(GitWebhook.Read("github", headers, Encoding.UTF8.GetBytes(body), Secret));

        Assert.Equal(401, refused.Status);
        Assert.StartsWith("X-Hub-Signature-256:", refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASignatureOverADifferentBody_IsRefused()
    {
        var signed = """{"ref":"refs/heads/main","after":"a"}""";
        var sent = """{"ref":"refs/heads/main","after":"b"}""";

        var reading = GitWebhook.Read("github", GitHub("push", signed), Encoding.UTF8.GetBytes(sent), Secret);

        Assert.Equal(401, Assert.IsType<WebhookReading.Refused>(reading).Status);
    }

    [Theory]
    [InlineData("ping", """{"zen":"Keep it logically awesome."}""", "a ping")]
    [InlineData("push", """{"ref":"refs/tags/v1.0","after":"8f3a2c1d"}""", "not to a branch")]
    [InlineData("push", """{"ref":"refs/heads/old","after":"0000000000000000000000000000000000000000","deleted":true}""", "was deleted")]
    [InlineData("issues", """{"action":"opened"}""", "'issues' event")]
    [InlineData("pull_request", """{"action":"labeled","number":3,"pull_request":{"head":{"sha":"abc"}}}""", "'labeled'")]
    public void WhatNeedsNoDeploy_IsIgnoredSayingWhy(string kind, string body, string why)
    {
        var reading = GitWebhook.Read("github", GitHub(kind, body), Encoding.UTF8.GetBytes(body), Secret);

        Assert.Contains(why, Assert.IsType<WebhookReading.Ignored>(reading).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("opened", PullRequestAction.Opened)]
    [InlineData("reopened", PullRequestAction.Opened)]
    [InlineData("synchronize", PullRequestAction.Updated)]
    [InlineData("closed", PullRequestAction.Closed)]
    public void AGitHubPullRequest_IsReadWithItsHeadAndRef(string action, PullRequestAction expected)
    {
        var body = """{"action":"ACTION","number":42,"pull_request":{"number":42,"title":"New checkout","head":{"ref":"feature","sha":"SHA"}}}""".Replace("SHA", Sha, StringComparison.Ordinal).Replace("ACTION", action, StringComparison.Ordinal);

        var reading = GitWebhook.Read("github", GitHub("pull_request", body), Encoding.UTF8.GetBytes(body), Secret);

        Assert.Equal(new WebhookReading.PullRequest(42, expected, Sha, "refs/pull/42/head", "New checkout"), reading);
    }

    [Fact]
    public void AGitLabPush_IsVerifiedByItsToken_AndReadsTheCheckedOutCommitsMessage()
    {
        var body = """{"object_kind":"push","ref":"refs/heads/release","checkout_sha":"SHA","commits":[{"id":"111","message":"earlier"},{"id":"SHA","message":"Bump version\n"}]}""".Replace("SHA", Sha, StringComparison.Ordinal);
        var headers = new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Token"] = Secret };

        Assert.Equal(new WebhookReading.Push("release", Sha, "Bump version\n"), GitWebhook.Read("gitlab", headers, Encoding.UTF8.GetBytes(body), Secret));
        headers["X-Gitlab-Token"] = "guess";
        var refused = Assert.IsType<WebhookReading.Refused>(GitWebhook.Read("gitlab", headers, Encoding.UTF8.GetBytes(body), Secret));
        Assert.StartsWith("X-Gitlab-Token:", refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("open", PullRequestAction.Opened)]
    [InlineData("update", PullRequestAction.Updated)]
    [InlineData("merge", PullRequestAction.Closed)]
    [InlineData("close", PullRequestAction.Closed)]
    public void AGitLabMergeRequest_IsReadWithItsMergeRequestRef(string action, PullRequestAction expected)
    {
        var body = """{"object_kind":"merge_request","object_attributes":{"iid":9,"action":"ACTION","title":"Dark mode","last_commit":{"id":"SHA"}}}""".Replace("SHA", Sha, StringComparison.Ordinal).Replace("ACTION", action, StringComparison.Ordinal);
        var headers = new Dictionary<string, string> { ["X-Gitlab-Event"] = "Merge Request Hook", ["X-Gitlab-Token"] = Secret };

        var reading = GitWebhook.Read("gitlab", headers, Encoding.UTF8.GetBytes(body), Secret);

        Assert.Equal(new WebhookReading.PullRequest(9, expected, Sha, "refs/merge-requests/9/head", "Dark mode"), reading);
    }

    [Fact]
    public void AGiteaPush_IsVerifiedByItsHexSignature()
    {
        var body = """{"ref":"refs/heads/main","after":"SHA","commits":[{"id":"SHA","message":"From Gitea"}]}""".Replace("SHA", Sha, StringComparison.Ordinal);
        var headers = new Dictionary<string, string> { ["X-Gitea-Event"] = "push", ["X-Gitea-Signature"] = Hmac(body) };

        Assert.Equal(new WebhookReading.Push("main", Sha, "From Gitea"), GitWebhook.Read("gitea", headers, Encoding.UTF8.GetBytes(body), Secret));
    }

    [Fact]
    public void AGiteaPullRequestSynchronized_IsAnUpdate()
    {
        var body = """{"action":"synchronized","number":5,"pull_request":{"title":"t","head":{"sha":"SHA"}}}""".Replace("SHA", Sha, StringComparison.Ordinal);
        var headers = new Dictionary<string, string> { ["X-Gitea-Event"] = "pull_request", ["X-Gitea-Signature"] = Hmac(body) };

        var reading = Assert.IsType<WebhookReading.PullRequest>(GitWebhook.Read("gitea", headers, Encoding.UTF8.GetBytes(body), Secret));

        Assert.Equal((5, PullRequestAction.Updated, "refs/pull/5/head"), (reading.Number, reading.Action, reading.HeadRef));
    }

    [Fact]
    public void AGenericPush_IsVerifiedByHmacOrBearerToken_AndItsShaIsOptional()
    {
        var body = """{"ref":"main"}""";
        var signed = new Dictionary<string, string> { ["X-Gantry-Signature"] = "sha256=" + Hmac(body) };
        var bearer = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Secret}" };

        Assert.Equal(new WebhookReading.Push("main", null, null), GitWebhook.Read("generic", signed, Encoding.UTF8.GetBytes(body), Secret));
        Assert.Equal(new WebhookReading.Push("main", null, null), GitWebhook.Read("generic", bearer, Encoding.UTF8.GetBytes(body), Secret));
        var withSha = """{"ref":"refs/heads/main","sha":"SHA","message":"m"}""".Replace("SHA", Sha, StringComparison.Ordinal);
        Assert.Equal(new WebhookReading.Push("main", Sha, "m"), GitWebhook.Read("generic", bearer, Encoding.UTF8.GetBytes(withSha), Secret));
        Assert.Equal(401, Assert.IsType<WebhookReading.Refused>(GitWebhook.Read("generic", new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), Secret)).Status);
    }

    [Theory]
    [InlineData("gitea", "X-Gitea-Signature", "0123abcd")]
    [InlineData("gitea", "X-Gitea-Signature", null)]
    [InlineData("gitlab", "X-Gitlab-Token", null)]
    [InlineData("generic", "Authorization", "Bearer not-the-secret")]
    [InlineData("generic", "X-Gantry-Signature", "sha256=0123abcd")]
    public void ADeliveryOfAnyProvider_WithAWrongOrMissingSignature_IsRefused401NamingTheHeaderItExpects(string provider, string header, string? value)
    {
        var body = """{"ref":"refs/heads/main","after":"abc","checkout_sha":"abc"}""";
        var headers = new Dictionary<string, string> { ["X-Gitea-Event"] = "push", ["X-Gitlab-Event"] = "Push Hook" };
        if (value is not null)
        {
            headers[header] = value;
        }

        var refused = Assert.IsType<WebhookReading.Refused>(GitWebhook.Read(provider, headers, Encoding.UTF8.GetBytes(body), Secret));

        Assert.Equal(401, refused.Status);
        Assert.StartsWith(provider == "generic" ? "X-Gantry-Signature:" : header + ":", refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tag Push Hook", """{"object_kind":"tag_push","ref":"refs/tags/v2.0","checkout_sha":"abc"}""", "'Tag Push Hook' event")]
    [InlineData("Push Hook", """{"object_kind":"push","ref":"refs/heads/old","checkout_sha":null,"commits":[]}""", "deleted")]
    [InlineData("Issue Hook", """{"object_kind":"issue"}""", "'Issue Hook' event")]
    public void AGitLabDeliveryWithNothingToDeploy_IsIgnoredSayingWhy(string kind, string body, string why)
    {
        var headers = new Dictionary<string, string> { ["X-Gitlab-Event"] = kind, ["X-Gitlab-Token"] = Secret };

        var reading = GitWebhook.Read("gitlab", headers, Encoding.UTF8.GetBytes(body), Secret);

        Assert.Contains(why, Assert.IsType<WebhookReading.Ignored>(reading).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("opened", PullRequestAction.Opened)]
    [InlineData("reopened", PullRequestAction.Opened)]
    [InlineData("closed", PullRequestAction.Closed)]
    public void AGiteaPullRequest_IsReadWithItsPullRef(string action, PullRequestAction expected)
    {
        var body = """{"action":"ACTION","number":12,"pull_request":{"id":301,"number":12,"title":"Forgejo too","head":{"ref":"topic","sha":"SHA"},"merged":false}}""".Replace("SHA", Sha, StringComparison.Ordinal).Replace("ACTION", action, StringComparison.Ordinal);
        var headers = new Dictionary<string, string> { ["X-Gitea-Event"] = "pull_request", ["X-Gitea-Signature"] = Hmac(body) };

        var reading = GitWebhook.Read("gitea", headers, Encoding.UTF8.GetBytes(body), Secret);

        Assert.Equal(new WebhookReading.PullRequest(12, expected, Sha, "refs/pull/12/head", "Forgejo too"), reading);
    }

    [Fact]
    public void AnOpenedPullRequestWithoutItsHead_IsRefused400NamingTheField()
    {
        var body = """{"action":"opened","number":3,"pull_request":{"title":"t"}}""";

        var refused = Assert.IsType<WebhookReading.Refused>(GitWebhook.Read("github", GitHub("pull_request", body), Encoding.UTF8.GetBytes(body), Secret));

        Assert.Equal((400, "the pull request event has no 'pull_request.head.sha'"), (refused.Status, refused.Reason));
    }

    [Fact]
    public void Headers_AreFoundWhateverTheirCase_EvenWhenACallerHoldsTwoSpellings()
    {
        var body = """{"ref":"refs/heads/main","after":"SHA"}""".Replace("SHA", Sha, StringComparison.Ordinal);
        var headers = new Dictionary<string, string>
        {
            ["x-github-event"] = "push",
            ["x-hub-signature-256"] = "sha256=" + Hmac(body),
            ["X-GITHUB-EVENT"] = "push",
        };

        Assert.Equal(new WebhookReading.Push("main", Sha, null), GitWebhook.Read("github", headers, Encoding.UTF8.GetBytes(body), Secret));
    }

    [Fact]
    public void WithoutASecret_NoDeliveryIsAccepted_EvenOneSignedWithTheEmptyKey()
    {
        var body = """{"ref":"main"}""";
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ", ["X-Gantry-Signature"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Array.Empty<byte>(), Encoding.UTF8.GetBytes(body))) };

        Assert.Equal(401, Assert.IsType<WebhookReading.Refused>(GitWebhook.Read("generic", headers, Encoding.UTF8.GetBytes(body), "")).Status);
    }

    [Theory]
    [InlineData("this is not json", "not JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"after":"abc"}""", "has no 'ref'")]
    public void AnUnreadableBody_IsRefused400SayingWhat(string body, string why)
    {
        var refused = Assert.IsType<WebhookReading.Refused>(GitWebhook.Read("github", GitHub("push", body), Encoding.UTF8.GetBytes(body), Secret));

        Assert.Equal(400, refused.Status);
        Assert.Contains(why, refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownProvider_IsRefusedListingTheKnownOnes()
    {
        var refused = Assert.IsType<WebhookReading.Refused>(GitWebhook.Read("bitbucket", new Dictionary<string, string>(), [], Secret));

        Assert.Equal(400, refused.Status);
        Assert.Contains("github, gitlab, gitea, generic", refused.Reason, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> GitHub(string kind, string body) => new()
    {
        ["X-GitHub-Event"] = kind,
        ["X-Hub-Signature-256"] = "sha256=" + Hmac(body),
    };

    private static string Hmac(string body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));
}
