using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;

namespace Gantry.ControlPlane.Security;

/// <summary>What a bearer token grants now: its own scope, or for a sign-in's token its user's current roles.</summary>
public sealed class CallerGrants(ApiTokenRegistry tokens, UserDirectory users)
{
    public AccessGrant? OfToken(string token) => OfHash(TokenHasher.Hash(token));

    public AccessGrant? OfHash(string hash) => tokens.GrantOfHash(hash) switch
    {
        { User: { } user } grant => users.GrantOf(user) is { } current ? current with { ExpiresAt = grant.ExpiresAt } : null,
        var grant => grant,
    };
}
