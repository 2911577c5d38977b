using Gantry.ControlPlane.Security.Access;

namespace Gantry.ControlPlane.Security.Oidc;

/// <summary>Single sign-on for the console through one OpenID Connect provider (authorization code flow with PKCE).</summary>
/// <param name="Authority">The provider's issuer URL; its discovery document is under <c>/.well-known/openid-configuration</c>.</param>
/// <param name="ClientSecret">For a confidential client; null for a public one (PKCE alone). Never logged.</param>
public sealed record OidcOptions(Uri Authority, string ClientId, string? ClientSecret = null)
{
    public const string SecretVariable = "GANTRY_OIDC_CLIENT_SECRET";

    /// <summary>The sign-in page's button says "Sign in with" this.</summary>
    public string DisplayName { get; init; } = "single sign-on";

    /// <summary>The id_token claim that lists the user's groups; a group naming a team makes the user its member.</summary>
    public string GroupsClaim { get; init; } = "groups";

    /// <summary>Members of this group are the platform's owners (and stop being when they leave it); null: no group is.</summary>
    public string? OwnerGroup { get; init; }

    /// <summary>What Gantry asks for; <c>groups</c> is not standard (Keycloak, Dex and the test provider know it, Entra ID does not).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = ["openid", "profile", "email", "groups"];

    /// <summary>The role a user gets in a team their groups name.</summary>
    public Role DefaultTeamRole { get; init; } = Role.Deployer;

    /// <summary>Plain http is only for a provider on this machine (tests, a local Keycloak).</summary>
    public bool RequireHttpsMetadata => !(Authority.Scheme == Uri.UriSchemeHttp && Authority.IsLoopback);

    /// <summary>Checks what <c>gantry up</c> was given; the problem names the flag.</summary>
    public static OidcOptions? Parse(string authority, string? clientId, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            problem = $"--oidc-authority: '{authority}' is not the provider's issuer URL (https://HOST[/PATH])";
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            problem = $"--oidc-authority: '{authority}' must use https (plain http only for a provider on this machine)";
            return null;
        }

        if (string.IsNullOrWhiteSpace(clientId))
        {
            problem = "--oidc-client-id: give the client id registered for Gantry at the provider";
            return null;
        }

        return new OidcOptions(uri, clientId.Trim(), environment(SecretVariable) is { Length: > 0 } secret ? secret : null);
    }
}
