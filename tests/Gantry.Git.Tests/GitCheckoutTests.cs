using System.Net;
using System.Net.Sockets;
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
    public async Task AnOlderCommit_FromAServerThatWillNotSendItAlone_IsFoundInAFullFetch()
    {
        var old = _remote.CommitAndPush("old");
        _remote.CommitAndPush("new");
        // Protocol v0, as older servers speak: an object no ref points at is refused alone (v2 over file:// sends it).
        var checkout = _target.Combine("checkout");
        GitCli.Run(_target.Path, "init", "--quiet", checkout);
        GitCli.Run(checkout, "config", "protocol.version", "0");
        var lines = new List<string>();

        var commit = await GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, old), checkout, lines.Add, CancellationToken.None);

        Assert.Equal(old, commit.Sha);
        Assert.Contains(lines, l => l.Contains($"does not send commit {old} alone", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(checkout, ".git")));
    }

    [Fact]
    public async Task AnAnnotatedTag_IsCheckedOutAtItsCommit()
    {
        await File.WriteAllTextAsync(Path.Combine(_remote.Work, "app.txt"), "v1");
        var tagged = _remote.CommitAndPush("release one");
        GitCli.Run(_remote.Work, "-c", "user.name=Ada", "-c", "user.email=ada@example.com", "tag", "--annotate", "v1.0", "-m", "Version 1.0");
        GitCli.Run(_remote.Work, "push", "--quiet", _remote.Bare, "refs/tags/v1.0");
        await File.WriteAllTextAsync(Path.Combine(_remote.Work, "app.txt"), "v2");
        _remote.CommitAndPush("after the release");

        var commit = await GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, "v1.0"), _target.Path, null, CancellationToken.None);

        Assert.Equal((tagged, "release one"), (commit.Sha, commit.Message));
        Assert.Equal("v1", await File.ReadAllTextAsync(_target.Combine("app.txt")));
    }

    [Fact]
    public async Task AnAbbreviatedShaThatIsNoCommit_IsAnErrorNamingIt()
    {
        _remote.CommitAndPush("main");

        var error = await Assert.ThrowsAsync<GitException>(() =>
            GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, "deadbeef"), _target.Path, null, CancellationToken.None));

        Assert.Contains("git could not fetch 'deadbeef'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no commit deadbeef", error.Message, StringComparison.Ordinal);
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
    public async Task CancellingAFetchInProgress_KillsGitAndItsTransport()
    {
        // A server that accepts the connection and never answers: the fetch waits until it is cancelled.
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/shop.git";
        using var cancel = new CancellationTokenSource();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var fetch = GitCheckout.FetchAsync(new GitFetchRequest(url, "main"), _target.Path, null, cancel.Token);
        using var connection = await server.AcceptSocketAsync(patience.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
        // git-remote-http, git's child, held the connection: it closes only once the whole tree is gone.
        await DrainUntilClosedAsync(connection, patience.Token);
    }

    [Fact]
    public async Task AFetchWithAnAlreadyCancelledToken_IsCancelled()
    {
        _remote.CommitAndPush("main");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            GitCheckout.FetchAsync(new GitFetchRequest(_remote.Url, "main"), _target.Path, null, cancelled.Token));
    }

    /// <summary>Reads (and drops) what the client sent until it closes the connection; fails by timing out if it never does.</summary>
    private static async Task DrainUntilClosedAsync(Socket connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // Reset rather than closed: gone all the same.
        }
    }
}
