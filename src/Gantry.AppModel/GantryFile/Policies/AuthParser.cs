using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec.Policies;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile.Policies;

/// <summary>
/// Reads <c>routes.NAME.auth</c>: <c>jwt</c>, <c>apiKeys</c> and <c>anonymous</c>. A <c>jwksUrl</c> is noted with its
/// place, so the platform's address rules and the deploy's fetch can refuse it there.
/// </summary>
internal static class AuthParser
{
    private static readonly string[] Fields = ["jwt", "apiKeys", "anonymous"];
    private static readonly string[] JwtFields = ["issuer", "audience", "jwksFile", "jwksUrl", "clockSkew", "rolesClaim", "scopesClaim"];

    public static (AuthSpec? Auth, YamlScalar? JwksFile, string JwksFileField) Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, Fields) is not { } map)
        {
            return (null, null, "");
        }

        var (jwt, jwksFile, jwksField) = ParseJwt(map.Get("jwt"), map.FieldOf("jwt"), errors);
        var apiKeys = Scalars.Boolean(map.Get("apiKeys"), map.FieldOf("apiKeys"), errors) ?? false;
        var anonymous = Scalars.Boolean(map.Get("anonymous"), map.FieldOf("anonymous"), errors) ?? false;
        if (map.Get("jwt") is null && !apiKeys)
        {
            errors.Add(map.Node, field, "set 'jwt', 'apiKeys: true' or both: how do callers prove who they are?");
        }

        return (new AuthSpec(jwt, apiKeys, anonymous), jwksFile, jwksField);
    }

    private static (JwtSpec? Jwt, YamlScalar? JwksFile, string JwksFileField) ParseJwt(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, JwtFields) is not { } map)
        {
            return (null, null, "");
        }

        var jwksFile = Scalars.NonEmptyString(map.Get("jwksFile"), map.FieldOf("jwksFile"), errors);
        var jwksUrl = Scalars.NonEmptyString(map.Get("jwksUrl"), map.FieldOf("jwksUrl"), errors);
        if (jwksUrl is not null)
        {
            // Checked as the app finishes loading, against the platform's address rules when they are known.
            errors.List.JwksUrls.Add(new JwksUrlReference(jwksUrl.Value, errors.File, jwksUrl.Line, jwksUrl.Column, map.FieldOf("jwksUrl")));
        }

        if (map.Get("jwksFile") is null && map.Get("jwksUrl") is null)
        {
            errors.Add(map.Node, field, "set jwksFile (a JSON Web Key Set next to gantry.yaml) or jwksUrl: the keys tokens are signed with");
        }

        var skew = map.Get("clockSkew") is null ? TimeSpan.FromSeconds(30)
            : PolicyScalars.Duration(map.Get("clockSkew"), map.FieldOf("clockSkew"), errors) ?? TimeSpan.FromSeconds(30);
        var jwt = new JwtSpec(
            Scalars.NonEmptyString(map.Get("issuer"), map.FieldOf("issuer"), errors)?.Value,
            PolicyScalars.OneOrMany(map.Get("audience"), map.FieldOf("audience"), errors),
            jwksUrl?.Value,
            Jwks: null,
            skew,
            Scalars.NonEmptyString(map.Get("rolesClaim"), map.FieldOf("rolesClaim"), errors)?.Value ?? "roles",
            Scalars.NonEmptyString(map.Get("scopesClaim"), map.FieldOf("scopesClaim"), errors)?.Value ?? "scope");
        return (jwt, jwksFile, map.FieldOf("jwksFile"));
    }
}
