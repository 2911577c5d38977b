namespace Gantry.ControlPlane.Store;

/// <summary>A person who signs in: a password stored as a salted PBKDF2 hash, a role on the whole platform or none (teams only).</summary>
public sealed class UserRecord
{
    public required string Name { get; set; }

    /// <summary>ASP.NET Core Identity's hash (PBKDF2-HMAC-SHA512, salted, versioned); null for a user who signs in only through a provider.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The user's role on every app and the platform; null: only what the user's teams give.</summary>
    public string? Role { get; set; }

    public string? Email { get; set; }

    /// <summary>Changes when the password changes, ending the user's console sessions (which carry it).</summary>
    public required string Stamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>The OpenID Connect provider (its issuer URL) a single sign-on user comes from; null for others.</summary>
    public string? ExternalIssuer { get; set; }

    /// <summary>The provider's <c>sub</c> for the user: with the issuer, who they are, whatever their name or e-mail becomes.</summary>
    public string? ExternalSubject { get; set; }
}
