using System.Security.Cryptography;
using System.Text;

namespace Gantry.ControlPlane.Security;

/// <summary>Makes and hashes API tokens; tokens are random enough that a plain SHA-256 is the right hash (no password stretching needed).</summary>
public static class TokenHasher
{
    public const string Prefix = "gantry_";

    public static string NewToken() => Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
