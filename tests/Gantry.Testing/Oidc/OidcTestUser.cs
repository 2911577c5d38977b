namespace Gantry.Testing.Oidc;

/// <summary>
/// A person who can sign in at the test <see cref="OidcProvider"/>. <paramref name="Groups"/> become the tokens'
/// <c>groups</c> claim, always a JSON array (one value per group), so role mapping can be tested.
/// </summary>
public sealed record OidcTestUser(string Subject, string UserName, string Password, string Email, string DisplayName, IReadOnlyList<string> Groups);
