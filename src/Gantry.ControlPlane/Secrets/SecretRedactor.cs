using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Secrets;

/// <summary>
/// The one redaction policy for specs that leave the server (API, CLI, console): secret-named variables and credential
/// headers become <c>(secret, fingerprint 1a2b3c4d)</c>, so a diff still shows that a value changed; a secret value
/// found anywhere else (an argument, a file, another variable such as a URL) becomes <c>(secret)</c>; JWKS key
/// material (HS256 secrets, private key members) is hidden. The spec is walked as JSON, so fields added later are
/// covered by the search for known values too.
/// </summary>
public sealed class SecretRedactor(SecretFingerprint fingerprint)
{
    public const string Marker = "(secret)";

    private static readonly string[] JwksSecretMembers = ["k", "d", "p", "q", "dp", "dq", "qi"];

    public AppSpec Redact(AppSpec spec)
    {
        var secrets = SecretValues.Of(spec);
        var root = JsonSerializer.SerializeToNode(spec, SpecSerializer.Options)!;
        Walk(root, secrets);
        return root.Deserialize<AppSpec>(SpecSerializer.Options)!;
    }

    /// <summary>How a secret value is shown: never the value, a fingerprint of it.</summary>
    public string Hide(string value) => $"(secret, fingerprint {fingerprint.Of(value)})";

    /// <summary>The secret values of a spec, for an explicit, recorded reveal.</summary>
    public static IReadOnlyList<RevealedSecret> Reveal(AppSpec spec) =>
    [
        .. from workload in spec.AllWorkloads()
           from container in workload.Containers
           from variable in container.Variables.OrderBy(v => v.Key, StringComparer.Ordinal)
           where SecretValues.IsSecretVariable(container, variable.Key)
           select new RevealedSecret(workload.Name, container.Name, variable.Key, variable.Value),
        .. from workload in spec.AllWorkloads()
           from container in workload.Containers
           from probe in new[] { container.LivenessProbe, container.ReadinessProbe }
           from header in probe?.HttpGet?.Headers ?? []
           where SecretValues.IsSecretHeader(header.Name)
           select new RevealedSecret(workload.Name, container.Name, $"probe header {header.Name}", header.Value),
    ];

    private void Walk(JsonNode node, IReadOnlyList<string> secrets)
    {
        switch (node)
        {
            case JsonObject obj:
                // A container names the variables that hold a provisioned secret; a file says whether its content does.
                var secretVariables = (obj["secretVariables"] as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
                if (obj["holdsSecret"]?.GetValueKind() == JsonValueKind.True && obj["content"]?.GetValue<string>() is { } secretContent)
                {
                    obj["content"] = Hide(secretContent);
                }

                foreach (var (name, child) in obj.ToList())
                {
                    if (child is null)
                    {
                        continue;
                    }

                    if (name == "variables" && child is JsonObject variables)
                    {
                        foreach (var (variable, value) in variables.ToList())
                        {
                            if (value?.GetValueKind() == JsonValueKind.String)
                            {
                                var text = value.GetValue<string>();
                                variables[variable] = SecretNames.IsSecret(variable) || secretVariables.Contains(variable) ? Hide(text) : SecretValues.Replace(text, secrets);
                            }
                        }
                    }
                    else if (name == "headers" && child is JsonArray headers)
                    {
                        foreach (var header in headers.OfType<JsonObject>())
                        {
                            if (header["name"]?.GetValue<string>() is { } headerName && SecretValues.IsSecretHeader(headerName) && header["value"]?.GetValue<string>() is { } value)
                            {
                                header["value"] = Hide(value);
                            }
                        }
                    }
                    else if (name == "jwks" && child.GetValueKind() == JsonValueKind.String)
                    {
                        obj[name] = RedactJwks(child.GetValue<string>());
                    }
                    else if (child.GetValueKind() == JsonValueKind.String)
                    {
                        obj[name] = SecretValues.Replace(child.GetValue<string>(), secrets);
                    }
                    else
                    {
                        Walk(child, secrets);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item && item.GetValueKind() == JsonValueKind.String)
                    {
                        array[i] = SecretValues.Replace(item.GetValue<string>(), secrets);
                    }
                    else if (array[i] is { } nested)
                    {
                        Walk(nested, secrets);
                    }
                }

                break;
        }
    }

    private static string RedactJwks(string jwks)
    {
        try
        {
            if (JsonNode.Parse(jwks) is not JsonObject { } root || root["keys"] is not JsonArray keys)
            {
                return Marker;
            }

            foreach (var key in keys.OfType<JsonObject>())
            {
                foreach (var member in JwksSecretMembers.Where(key.ContainsKey))
                {
                    key[member] = Marker;
                }
            }

            return root.ToJsonString();
        }
        catch (JsonException)
        {
            return Marker;
        }
    }
}
