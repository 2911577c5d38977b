using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Secrets;

/// <summary>
/// Which values of a spec are secret: the values of secret-named variables (<see cref="SecretNames"/>) and of
/// credential headers sent by probes. Values shorter than four characters are not searched for elsewhere (they
/// would match ordinary text), though they are still hidden where they are set.
/// </summary>
public static class SecretValues
{
    public const int MinimumSearchedLength = 4;

    private static readonly string[] CredentialHeaders = ["authorization", "proxy-authorization", "cookie", "x-api-key"];

    public static bool IsSecretHeader(string name) =>
        CredentialHeaders.Contains(name.ToLowerInvariant()) || SecretNames.IsSecret(name);

    /// <summary>A secret by its name, or because a provisioned resource's secret output went into it.</summary>
    public static bool IsSecretVariable(ContainerSpec container, string name) => SecretNames.IsSecret(container, name);

    /// <summary>Every secret value the spec carries, each once, longest first (so a longer value is replaced before a value it contains).</summary>
    public static IReadOnlyList<string> Of(AppSpec spec)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in spec.AllWorkloads().SelectMany(w => w.Containers))
        {
            foreach (var (name, value) in container.Variables)
            {
                if (IsSecretVariable(container, name))
                {
                    values.Add(value);
                }
            }

            foreach (var probe in new[] { container.LivenessProbe, container.ReadinessProbe })
            {
                foreach (var header in probe?.HttpGet?.Headers ?? [])
                {
                    if (IsSecretHeader(header.Name))
                    {
                        values.Add(header.Value);
                    }
                }
            }
        }

        return [.. values.Where(v => v.Length >= MinimumSearchedLength).OrderByDescending(v => v.Length)];
    }

    /// <summary><paramref name="text"/> with every occurrence of a secret value replaced by <c>(secret)</c>.</summary>
    public static string Replace(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, SecretRedactor.Marker, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
