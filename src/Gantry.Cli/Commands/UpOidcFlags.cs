using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Security.Oidc;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry up</c>'s single sign-on flags, read into <see cref="OidcOptions"/>; every error names its flag.</summary>
internal sealed class UpOidcFlags
{
    private readonly Option<string?> _authority = new("--oidc-authority") { Description = "Single sign-on for the console: the OpenID Connect provider's issuer URL (https; http only on this machine); a client secret, if the client has one, from GANTRY_OIDC_CLIENT_SECRET" };
    private readonly Option<string?> _clientId = new("--oidc-client-id") { Description = "The client id registered for Gantry at the provider (redirect URI: the console's /signin-oidc)" };
    private readonly Option<string> _name = new("--oidc-name") { Description = "The sign-in button says 'Sign in with' this", DefaultValueFactory = _ => "single sign-on" };
    private readonly Option<string?> _ownerGroup = new("--oidc-owner-group") { Description = "Members of this provider group are the platform's owners (and stop being when they leave it)" };
    private readonly Option<string> _groupsClaim = new("--oidc-groups-claim") { Description = "The id_token claim listing the user's groups; a group naming a team makes the user its member", DefaultValueFactory = _ => "groups" };
    private readonly Option<string?> _scopes = new("--oidc-scopes") { Description = "The scopes asked for, space-separated (default: openid profile email groups; Entra ID: openid profile email)" };

    public UpOidcFlags(Command command)
    {
        foreach (var option in new Option[] { _authority, _clientId, _name, _ownerGroup, _groupsClaim, _scopes })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>False (said on stderr) when a flag is wrong; <paramref name="oidc"/> null when single sign-on is not asked for.</summary>
    public bool TryRead(ParseResult parse, out OidcOptions? oidc)
    {
        oidc = null;
        if (parse.GetValue(_authority) is not { } authority)
        {
            return parse.GetValue(_clientId) is null || Fail("--oidc-client-id: give --oidc-authority too");
        }

        if ((oidc = OidcOptions.Parse(authority, parse.GetValue(_clientId), Environment.GetEnvironmentVariable, out var problem)) is null)
        {
            return Fail(problem!);
        }

        oidc = oidc with { DisplayName = parse.GetValue(_name)!, OwnerGroup = parse.GetValue(_ownerGroup), GroupsClaim = parse.GetValue(_groupsClaim)! };
        if (parse.GetValue(_scopes) is { } scopes)
        {
            string[] asked = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!asked.Contains("openid"))
            {
                oidc = null;
                return Fail($"--oidc-scopes: '{scopes}' must include openid");
            }

            oidc = oidc with { Scopes = asked };
        }

        return true;
    }

    private static bool Fail(string problem)
    {
        Printer.Fail(problem);
        return false;
    }
}
