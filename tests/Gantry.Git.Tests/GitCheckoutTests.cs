using Gantry.Testing;

namespace Gantry.Git.Tests;

/// <summary>Fetching one commit with the real git from a real repository, reached by its file:// URL as a forge's would be.</summary>
public sealed class GitCheckoutTests : IDisposable
{
    private readonly GitRemote _remote = new();
    private readonly TempDirectory _target = new();

    public void Dispose()
    {
        _remote.Dispose();
        _target.Dispose();
    }

    [Fact]
    public async Task ABranch_IsCheckedOutWithoutItsGitFolder_AndItsCommitIsRead()
    {
        await File.WriteAllTextAsync(Path.Combine(_remote.Work, "app.txt"), "one");
        var sha = _remote.CommitAndPush("Add the app\n\nIt says one.");
        var lines = new List<string>();

        var commit = await GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, "main"), _target.Path, lines.Add, CancellationToken.None);

        Assert.Equal("one", await File.ReadAllTextAsync(_target.Combine("app.txt")));
        Assert.False(Directory.Exists(_target.Combine(".git")));
        Assert.Equal(sha, commit.Sha);
        Assert.Equal("Add the app\n\nIt says one.", commit.Message);
        Assert.Equal("Add the app", commit.Subject);
        Assert.Equal("Ada", commit.Author);
        Assert.Contains(lines, l => l.StartsWith($"checked out {sha[..7]}: Add the app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOlderCommit_ByItsFullOrAbbreviatedSha_IsCheckedOut()
    {
        await File.WriteAllTextAsync(Path.Combine(_remote.Work, "app.txt"), "old");
        var old = _remote.CommitAndPush("old");
        await File.WriteAllTextAsync(Path.Combine(_remote.Work, "app.txt"), "new");
        _remote.CommitAndPush("new");

        var full = await GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, old), _target.Combine("full"), null, CancellationToken.None);
        var abbreviated = await GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, old[..9]), _target.Combine("short"), null, CancellationToken.None);

        Assert.Equal(old, full.Sha);
        Assert.Equal("old", await File.ReadAllTextAsync(_target.Combine("full", "app.txt")));
        Assert.Equal(old, abbreviated.Sha);
        Assert.Equal("old", await File.ReadAllTextAsync(_target.Combine("short", "app.txt")));
    }

    [Fact]
    public async Task APullRequestRef_IsFetched()
    {
        _remote.CommitAndPush("main");
        await File.WriteAllTextAsync(Path.Combine(_remote.Work, "app.txt"), "proposed");
        var head = _remote.CommitAndPush("proposed", "refs/pull/7/head");

        var commit = await GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, "refs/pull/7/head"), _target.Path, null, CancellationToken.None);

        Assert.Equal(head, commit.Sha);
        Assert.Equal("proposed", await File.ReadAllTextAsync(_target.Combine("app.txt")));
    }

    [Fact]
    public async Task ALinkInTheRepository_IsCheckedOutAsAFile_SoNothingLeadsOutOfTheFolder()
    {
        File.CreateSymbolicLink(Path.Combine(_remote.Work, "passwords"), "/etc/passwd");
        _remote.CommitAndPush("a link");

        await GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, "main"), _target.Path, null, CancellationToken.None);

        var checkedOut = new FileInfo(_target.Combine("passwords"));
        Assert.Null(checkedOut.LinkTarget);
        Assert.Equal("/etc/passwd", await File.ReadAllTextAsync(checkedOut.FullName));
    }

    [Fact]
    public async Task AMissingBranch_IsAnErrorNamingItAndTheRepository()
    {
        _remote.CommitAndPush("main");

        var error = await Assert.ThrowsAsync<GitException>(() =>
            GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, "no-such-branch"), _target.Path, null, CancellationToken.None));

        Assert.Contains($"git could not fetch 'no-such-branch' from {_remote.Url}", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-branch", error.Message.Split(": ", 2)[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableServer_IsAnError_WithoutTheCredentialsOfItsUrl()
    {
        var error = await Assert.ThrowsAsync<GitException>(() =>
            GitCheckout.FetchAsync(new GitFetchRequest("https://ada:s3cret@127.0.0.1:1/x.git", "main"), _target.Path, null, CancellationToken.None));

        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://127.0.0.1:1/x.git", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithADeployKey_ALocalRepositoryIsStillFetched()
    {
        _remote.CommitAndPush("main");
        var key = _target.Combine("key");
        var request = new GitFetchRequest(_remote.Url, "main") { PrivateKeyPath = key, KnownHostsPath = _target.Combine("ssh", "known_hosts") };

        var commit = await GitCheckout.FetchAsync(request, _target.Combine("checkout"), null, CancellationToken.None);

        Assert.Equal(40, commit.Sha.Length);
    }

    [Fact]
    public async Task ACancelledFetch_StopsGit()
    {
        _remote.CommitAndPush("main");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, "main"), _target.Path, null, cancelled.Token));
    }
}
