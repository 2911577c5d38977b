using System.Security.Cryptography;
using System.Text;

namespace Gantry.Git;

/// <summary>The checks providers sign deliveries by, each in constant time.</summary>
internal static class WebhookSignatures
{
    /// <summary>HEX (or PREFIX + HEX) equals HMAC-SHA256(secret, body).</summary>
    public static bool HmacMatches(string? header, string prefix, string secret, byte[] body)
    {
        if (header is null || !header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>A token sent as it is (GitLab's X-Gitlab-Token, a bearer token).</summary>
    public static bool TokenMatches(string? given, string secret) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(secret));
}
