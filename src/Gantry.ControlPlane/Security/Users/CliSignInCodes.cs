using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>
/// The one-time codes the console hands to a CLI signing in through a browser (<c>gantry login --web</c>, RFC 8252's
/// loopback redirect with PKCE): a code is worth a token only with the verifier behind the CLI's challenge, once,
/// within two minutes. Kept in memory: a restart only means signing in again.
/// </summary>
public sealed class CliSignInCodes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Pending> _codes = new(StringComparer.Ordinal);

    private sealed record Pending(string User, string Challenge, DateTimeOffset ExpiresAt);

    /// <summary>A new code for <paramref name="user"/>, bound to the CLI's S256 <paramref name="challenge"/>.</summary>
    public string Issue(string user, string challenge)
    {
        var now = time.GetUtcNow();
        foreach (var (old, _) in _codes.Where(c => c.Value.ExpiresAt <= now))
        {
            _codes.TryRemove(old, out _);
        }

        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new Pending(user, challenge, now + Lifetime);
        return code;
    }

    /// <summary>The user the code was issued to, when it is unexpired and <paramref name="verifier"/> answers its challenge; any attempt uses it up.</summary>
    public string? Redeem(string code, string verifier)
    {
        if (!_codes.TryRemove(code, out var pending) || pending.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ChallengeOf(verifier)), Encoding.ASCII.GetBytes(pending.Challenge)) ? pending.User : null;
    }

    /// <summary>PKCE's S256: base64url(SHA-256(verifier)).</summary>
    public static string ChallengeOf(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>Whether <paramref name="text"/> can be an S256 challenge (43 base64url characters).</summary>
    public static bool IsChallenge(string? text) => text is { Length: 43 } && text.All(IsBase64Url);

    /// <summary>Whether <paramref name="text"/> can be the CLI's state: 16–128 base64url characters.</summary>
    public static bool IsState(string? text) => text is { Length: >= 16 and <= 128 } && text.All(IsBase64Url);

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
