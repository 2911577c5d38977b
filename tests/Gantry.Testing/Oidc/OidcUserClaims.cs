using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gantry.Testing.Oidc;

/// <summary>
/// What the provider says about a user, by the scopes granted (profile: names, email: address, groups: groups), the
/// same in the id_token, the access token and userinfo.
/// </summary>
internal static class OidcUserClaims
{
    public const string GroupsScope = "groups";
    public const string GroupsClaim = "groups";

    /// <summary>The identity OpenIddict signs into codes and tokens; every claim also goes into the id_token.</summary>
    public static ClaimsIdentity Identity(OidcTestUser user, IEnumerable<string> scopes)
    {
        var granted = scopes.ToArray();
        var identity = new ClaimsIdentity("OidcProvider", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject);
        if (granted.Contains(Scopes.Profile))
        {
            identity.SetClaim(Claims.Name, user.DisplayName).SetClaim(Claims.PreferredUsername, user.UserName);
        }

        if (granted.Contains(Scopes.Email))
        {
            identity.SetClaim(Claims.Email, user.Email).SetClaim(Claims.EmailVerified, true);
        }

        if (granted.Contains(GroupsScope))
        {
            // One claim holding a JSON array, not one claim per group: a single group must still be an array.
            identity.AddClaim(new Claim(GroupsClaim, JsonSerializer.Serialize(user.Groups), JsonClaimValueTypes.JsonArray));
        }

        identity.SetScopes(granted);
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return identity;
    }

    /// <summary>The userinfo answer for a token with <paramref name="scopes"/>.</summary>
    public static Dictionary<string, object> UserInfo(OidcTestUser user, IEnumerable<string> scopes)
    {
        var granted = scopes.ToArray();
        var info = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Subject };
        if (granted.Contains(Scopes.Profile))
        {
            info[Claims.Name] = user.DisplayName;
            info[Claims.PreferredUsername] = user.UserName;
        }

        if (granted.Contains(Scopes.Email))
        {
            info[Claims.Email] = user.Email;
            info[Claims.EmailVerified] = true;
        }

        if (granted.Contains(GroupsScope))
        {
            info[GroupsClaim] = user.Groups;
        }

        return info;
    }
}
