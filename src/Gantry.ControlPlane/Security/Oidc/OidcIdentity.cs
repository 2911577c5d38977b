using System.Security.Claims;
using System.Text.Json;

namespace Gantry.ControlPlane.Security.Oidc;

/// <summary>Who the provider says signed in, read from a validated id_token's claims (not mapped to .NET's claim types).</summary>
public sealed record OidcIdentity(string Issuer, string Subject, string? UserName, string? Email, bool EmailVerified, IReadOnlyList<string> Groups)
{
    /// <summary>Null when the token names no subject: without it there is no one to find again.</summary>
    public static OidcIdentity? Of(ClaimsPrincipal principal, string groupsClaim)
    {
        if (principal.FindFirst("sub") is not { Value.Length: > 0 } subject)
        {
            return null;
        }

        var issuer = principal.FindFirst("iss")?.Value ?? subject.Issuer;
        var userName = principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst("upn")?.Value ?? principal.FindFirst("name")?.Value;
        var email = principal.FindFirst("email")?.Value;
        var verified = string.Equals(principal.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        return new OidcIdentity(issuer, subject.Value, userName, email, verified, GroupsOf(principal, groupsClaim));
    }

    /// <summary>One claim per group (how JSON arrays arrive), or one claim holding a JSON array or a single name.</summary>
    private static IReadOnlyList<string> GroupsOf(ClaimsPrincipal principal, string groupsClaim)
    {
        var groups = new List<string>();
        foreach (var claim in principal.FindAll(groupsClaim))
        {
            if (claim.Value.StartsWith('['))
            {
                try
                {
                    groups.AddRange(JsonSerializer.Deserialize<string[]>(claim.Value) ?? []);
                    continue;
                }
                catch (JsonException)
                {
                    // Not an array after all: a group whose name starts with '['.
                }
            }

            groups.Add(claim.Value);
        }

        return [.. groups.Where(g => g.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
