using System.Diagnostics;
using Gantry.Testing;

namespace Gantry.Git.Tests;

/// <summary>Deploy keys made with the real ssh-keygen: the halves belong together, and the fingerprint is the one ssh-keygen and GitHub show.</summary>
public sealed class DeployKeyTests : IDisposable
{
    private readonly TempDirectory _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task AGeneratedKey_IsAnEd25519Pair_WhosePublicHalfSshKeygenDerivesFromThePrivateOne()
    {
        var key = await DeployKey.GenerateAsync("gantry-shop", CancellationToken.None);
        var file = _keys.Combine("id");
        await File.WriteAllTextAsync(file, key.PrivateKey);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.StartsWith("ssh-ed25519 ", key.PublicKey, StringComparison.Ordinal);
        Assert.EndsWith(" gantry-shop", key.PublicKey, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey.Split(' ')[1], SshKeygen("-y", "-f", file).Split(' ')[1]);
    }

    [Fact]
    public async Task TheFingerprint_IsWhatSshKeygenPrints()
    {
        var key = await DeployKey.GenerateAsync("gantry-docs", CancellationToken.None);
        var file = _keys.Combine("id.pub");
        await File.WriteAllTextAsync(file, key.PublicKey + "\n");

        Assert.Equal(SshKeygen("-l", "-f", file).Split(' ')[1], DeployKey.Fingerprint(key.PublicKey));
    }

    private static string SshKeygen(params string[] arguments)
    {
        var info = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return output.Trim();
    }
}
