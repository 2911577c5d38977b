namespace Gantry.Testing.Oidc;

/// <summary>The one client a test <see cref="OidcProvider"/> knows, and the users who can sign in there.</summary>
public sealed record OidcProviderOptions
{
    public required string ClientId { get; init; }

    /// <summary>Null registers a public client (PKCE alone proves it); otherwise a confidential one that must send it.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>More clients like the first (same redirect URI, public): tokens for another audience at the same issuer.</summary>
    public IReadOnlyList<string> OtherClientIds { get; init; } = [];

    /// <summary>The only redirect URI the client may name (exact match, as the provider compares it).</summary>
    public required Uri RedirectUri { get; init; }

    /// <summary>Where the end session endpoint may send the browser back to; null allows none.</summary>
    public Uri? PostLogoutRedirectUri { get; init; }

    public required IReadOnlyList<OidcTestUser> Users { get; init; }

    internal OidcTestUser? FindByUserName(string? userName) =>
        Users.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.Ordinal));

    internal OidcTestUser? FindBySubject(string? subject) =>
        Users.FirstOrDefault(u => string.Equals(u.Subject, subject, StringComparison.Ordinal));
}
