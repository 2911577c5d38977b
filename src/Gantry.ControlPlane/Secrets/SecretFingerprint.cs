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
    private readonly Lazy<byte[]> _key = new(() => KeyFile.LoadOrCreate(Path.Combine(data.Keys, "fingerprint.key")));

    /// <summary>Eight hex digits: enough to tell two values apart at a glance.</summary>
    public string Of(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(value)))[..8];
}
