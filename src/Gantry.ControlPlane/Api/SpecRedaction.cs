using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Api;

/// <summary>
/// A release's spec as shown to people and scripts: key material in JWKS files (HS256 secrets, private key
/// members) is replaced, so reading a release never reveals what signs tokens.
/// </summary>
public static class SpecRedaction
{
    public const string Hidden = "(hidden)";

    private static readonly string[] SecretMembers = ["k", "d", "p", "q", "dp", "dq", "qi"];

    public static AppSpec Redact(AppSpec spec) => spec with
    {
        Workloads = [.. spec.Workloads.Select(w => w with
        {
            Routes = [.. w.Routes.Select(r => r.Policy?.Auth?.Jwt is { Jwks: { } jwks } jwt
                ? r with { Policy = r.Policy with { Auth = r.Policy.Auth with { Jwt = jwt with { Jwks = RedactJwks(jwks) } } } }
                : r)],
        })],
    };

    private static string RedactJwks(string jwks)
    {
        try
        {
            if (JsonNode.Parse(jwks) is not JsonObject { } root || root["keys"] is not JsonArray keys)
            {
                return Hidden;
            }

            foreach (var key in keys.OfType<JsonObject>())
            {
                foreach (var member in SecretMembers.Where(key.ContainsKey))
                {
                    key[member] = Hidden;
                }
            }

            return root.ToJsonString();
        }
        catch (JsonException)
        {
            return Hidden;
        }
    }
}
