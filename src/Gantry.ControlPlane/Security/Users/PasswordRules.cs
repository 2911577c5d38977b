using Microsoft.AspNetCore.Identity;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>Passwords: ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, 100,000 iterations, a salt each), and what a new one must be.</summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 200;

    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Verified against when the user does not exist, so a wrong name takes as long as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword("", Guid.NewGuid().ToString());

    public static string Hash(string password) => Hasher.HashPassword("", password);

    public static bool Verify(string? hash, string password) =>
        Hasher.VerifyHashedPassword("", hash ?? DecoyHash, password) != PasswordVerificationResult.Failed && hash is not null;

    /// <summary>Why <paramref name="password"/> may not be a password; null when it may.</summary>
    public static string? Problem(string field, string? password) => password switch
    {
        null or "" => $"{field}: give a password of at least {MinLength} characters",
        { Length: < MinLength } => $"{field}: a password has at least {MinLength} characters (this one has {password.Length})",
        { Length: > MaxLength } => $"{field}: a password has at most {MaxLength} characters",
        _ when password.Trim().Length == 0 => $"{field}: a password is not only spaces",
        _ => null,
    };
}
