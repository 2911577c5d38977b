using Gantry.Kubernetes.GitOps;
using Gantry.Testing;

namespace Gantry.Kubernetes.Tests;

/// <summary>GitOps against a real local bare repository, through the git CLI.</summary>
public sealed class GitOpsPublisherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-gitops-").FullName;
    private readonly string _remote;

    public GitOpsPublisherTests()
    {
        _remote = Path.Combine(_root, "config.git");
        GitCli.Run(_root, "init", "--quiet", "--bare", "--initial-branch=main", _remote);
        var seed = Path.Combine(_root, "seed");
        GitCli.Run(_root, "clone", "--quiet", _remote, seed);
        File.WriteAllText(Path.Combine(seed, "README.md"), "config repository\n");
        GitCli.Run(seed, "add", "README.md");
        GitCli.Run(seed, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "start");
        GitCli.Run(seed, "push", "--quiet", "origin", "HEAD:main");
    }

    [Fact]
    public async Task EachRelease_IsOneCommit_NamingAppReleaseAndImages_AndAnUnchangedReleaseCommitsNothing()
    {
        var publisher = new GitOpsPublisher(new GitOpsTarget(_remote), Path.Combine(_root, "work"));
        var first = await publisher.PublishAsync(Release("staging", 1, replicasNote: "a"), CancellationToken.None);
        var again = await publisher.PublishAsync(Release("staging", 1, replicasNote: "a"), CancellationToken.None);
        var second = await publisher.PublishAsync(Release("staging", 2, replicasNote: "b"), CancellationToken.None);

        Assert.True(first.Committed);
        Assert.False(again.Committed);
        Assert.True(second.Committed);
        var log = GitCli.Run(_remote, "log", "--format=%s", "main").Trim().Split('\n');
        Assert.Equal(["shop staging: release 2 (ghcr.io/example/shop-api:1.4.2, postgres:17)", "shop staging: release 1 (ghcr.io/example/shop-api:1.4.2, postgres:17)", "start"], log);

        var checkout = Checkout();
        var files = Directory.GetFiles(Path.Combine(checkout, "apps", "shop", "staging")).Select(Path.GetFileName).Order().ToList();
        Assert.Contains("00-namespace-shop-staging.yaml", files);
        Assert.DoesNotContain("99-configmap-stale.yaml", files);
        Assert.Contains("note: b", File.ReadAllText(Path.Combine(checkout, "apps", "shop", "staging", "98-configmap-note.yaml")));
        var application = File.ReadAllText(Path.Combine(checkout, "argocd", "shop-staging.yaml"));
        Assert.Contains("kind: Application", application);
        Assert.Contains($"repoURL: {_remote}", application);
        Assert.Contains("path: apps/shop/staging", application);
        Assert.Contains("namespace: shop-staging", application);
    }

    [Fact]
    public async Task PromotingToAnotherEnvironment_AddsItsFolder_AndLeavesTheFirstAlone()
    {
        var publisher = new GitOpsPublisher(new GitOpsTarget(_remote), Path.Combine(_root, "work"));
        await publisher.PublishAsync(Release("staging", 3, replicasNote: "a"), CancellationToken.None);
        var staging = Directory.GetFiles(Path.Combine(Checkout(), "apps", "shop", "staging")).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        var promoted = await publisher.PublishAsync(Release("prod", 3, replicasNote: "a"), CancellationToken.None);

        Assert.True(promoted.Committed);
        var checkout = Checkout();
        Assert.True(File.Exists(Path.Combine(checkout, "apps", "shop", "prod", "00-namespace-shop-prod.yaml")));
        Assert.True(File.Exists(Path.Combine(checkout, "argocd", "shop-prod.yaml")));
        Assert.Equal(staging, Directory.GetFiles(Path.Combine(checkout, "apps", "shop", "staging")).ToDictionary(f => Path.GetFileName(f), File.ReadAllText));
        Assert.Equal("shop prod: release 3 (ghcr.io/example/shop-api:1.4.2, postgres:17)", GitCli.Run(_remote, "log", "-1", "--format=%s", "main").Trim());
    }

    [Fact]
    public async Task AnEmptyRepository_GetsTheBranchWithTheFirstRelease()
    {
        var empty = Path.Combine(_root, "empty.git");
        GitCli.Run(_root, "init", "--quiet", "--bare", "--initial-branch=trunk", empty);
        var publisher = new GitOpsPublisher(new GitOpsTarget(empty, Branch: "config"), Path.Combine(_root, "work-empty"));

        var first = await publisher.PublishAsync(Release("dev", 1, "a"), CancellationToken.None);
        var second = await publisher.PublishAsync(Release("dev", 2, "b"), CancellationToken.None);

        Assert.True(first.Committed && second.Committed);
        Assert.Equal(["shop dev: release 2 (ghcr.io/example/shop-api:1.4.2, postgres:17)", "shop dev: release 1 (ghcr.io/example/shop-api:1.4.2, postgres:17)"],
            GitCli.Run(empty, "log", "--format=%s", "config").Trim().Split('\n'));
        Assert.Contains("apps/shop/dev/00-namespace-shop-dev.yaml", GitCli.Run(empty, "ls-tree", "-r", "--name-only", "config"));
    }

    [Fact]
    public async Task AnUnreachableRepository_FailsNamingTheStep_WithoutItsCredentials()
    {
        var publisher = new GitOpsPublisher(new GitOpsTarget("https://user:s3cret@127.0.0.1:9/config.git"), Path.Combine(_root, "work"));

        var error = await Assert.ThrowsAsync<GitOpsException>(() => publisher.PublishAsync(Release("dev", 1, "a"), CancellationToken.None));

        Assert.Contains("git clone failed", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GitOpsRelease Release(string environment, int number, string replicasNote)
    {
        var files = ManifestRenderer.ToFiles(TestApps.Render(TestApps.Shop, "gantry.yaml", new RenderOptions(Environment: environment, IncludeSecretValues: false))).ToList();

        // A file whose content changes between releases, and one that only the first release has.
        files.Add(("98-configmap-note.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: note\ndata:\n  note: {replicasNote}\n"));
        if (replicasNote == "a")
        {
            files.Add(("99-configmap-stale.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stale\n"));
        }

        return new GitOpsRelease("shop", environment, number, files, ["ghcr.io/example/shop-api:1.4.2", "postgres:17"]);
    }

    private string Checkout()
    {
        var folder = Path.Combine(_root, $"check-{Guid.NewGuid():N}");
        GitCli.Run(_root, "clone", "--quiet", _remote, folder);
        return folder;
    }
}
