using System.Security.Cryptography;

namespace Gantry.Git;

/// <summary>An SSH key pair Gantry makes for one app's repository: the public half goes to the repository as a read-only deploy key.</summary>
public sealed record DeployKey(string PrivateKey, string PublicKey)
{
    /// <summary>A new Ed25519 key, made by ssh-keygen in a folder only this user can read, which is deleted afterwards.</summary>
    public static async Task<DeployKey> GenerateAsync(string comment, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("gantry-key-");
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                folder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            }

            var file = Path.Combine(folder.FullName, "key");
            var result = await GitProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file], null, cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new GitException($"ssh-keygen could not make a deploy key: {result.Error.Trim()}");
            }

            return new DeployKey(await File.ReadAllTextAsync(file, cancellationToken), (await File.ReadAllTextAsync(file + ".pub", cancellationToken)).Trim());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The key's fingerprint as <c>ssh-keygen -l</c> and GitHub show it: <c>SHA256:</c> and the unpadded base64 of the key blob's hash.</summary>
    public static string Fingerprint(string publicKey)
    {
        var fields = publicKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            throw new FormatException("a public key line is TYPE BASE64 [COMMENT]");
        }

        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(fields[1]))).TrimEnd('=');
    }
}
