using Gantry.Testing;

namespace Gantry.Git.Tests;

/// <summary>Fetching over SSH from a real OpenSSH server with a deploy key, as from a forge that knows the key.</summary>
public sealed class SshFetchTests : IDisposable
{
    private readonly GitRemote _remote = new();
    private readonly TempDirectory _work = new();

    public void Dispose()
    {
        _remote.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task ARepositoryOverSsh_IsFetchedWithTheDeployKey_AndItsHostIsRemembered()
    {
        var key = await DeployKey.GenerateAsync("gantry-test", CancellationToken.None);
        await using var sshd = await SshGitServer.StartAsync(key.PublicKey);
        await File.WriteAllTextAsync(Path.Combine(_remote.Work, "app.txt"), "over ssh");
        var sha = _remote.CommitAndPush("over ssh");
        var knownHosts = _work.Combine("ssh", "known_hosts");

        var commit = await GitCheckout.FetchAsync(
            new GitFetchRequest(sshd.UrlOf(_remote.Bare), "main") { PrivateKeyPath = WriteKey(key), KnownHostsPath = knownHosts }, _work.Combine("checkout"), null, CancellationToken.None);

        Assert.Equal(sha, commit.Sha);
        Assert.Equal("over ssh", await File.ReadAllTextAsync(_work.Combine("checkout", "app.txt")));
        // Remembered (hashed, as Debian's ssh hashes known hosts): a changed host key would now be refused.
        Assert.Contains(" ssh-ed25519 ", await File.ReadAllTextAsync(knownHosts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyTheServerDoesNotKnow_IsRefused_WithSshsReason()
    {
        var allowed = await DeployKey.GenerateAsync("allowed", CancellationToken.None);
        var other = await DeployKey.GenerateAsync("other", CancellationToken.None);
        await using var sshd = await SshGitServer.StartAsync(allowed.PublicKey);
        _remote.CommitAndPush("x");

        var error = await Assert.ThrowsAsync<GitException>(() => GitCheckout.FetchAsync(
            new GitFetchRequest(sshd.UrlOf(_remote.Bare), "main") { PrivateKeyPath = WriteKey(other), KnownHostsPath = _work.Combine("known_hosts") },
            _work.Combine("checkout"), null, CancellationToken.None));

        Assert.Contains("Permission denied (publickey)", error.Message, StringComparison.Ordinal);
    }

    private string WriteKey(DeployKey key)
    {
        var path = _work.Combine($"key-{Guid.NewGuid():N}");
        File.WriteAllText(path, key.PrivateKey);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
