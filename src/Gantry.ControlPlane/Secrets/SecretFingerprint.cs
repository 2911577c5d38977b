using System.Security.Cryptography;
using System.Text;
using Gantry.ControlPlane.Hosting;

namespace Gantry.ControlPlane.Secrets;

/// <summary>
/// Short fingerprints of secret values, so a diff shows that a secret changed without showing it: an HMAC-SHA256
/// keyed with this installation's own key (DATA/keys/fingerprint.key), so a fingerprint cannot be checked against
/// guessed passwords by anyone who does not hold the key.
/// </summary>
public sealed class SecretFingerprint(DataDirectory data)
{
    private readonly Lazy<byte[]> _key = new(() => LoadOrCreateKey(Path.Combine(data.Keys, "fingerprint.key")));

    /// <summary>Eight hex digits: enough to tell two values apart at a glance.</summary>
    public string Of(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(value)))[..8];

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path) && Convert.FromHexString(File.ReadAllText(path).Trim()) is { Length: 32 } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(key) + "\n"));
        }

        File.Move(temporary, path, overwrite: true);
        return key;
    }
}
