using Gantry.Kubernetes.Apply;
using YamlDotNet.Serialization;

namespace Gantry.Kubernetes.Access;

/// <summary>
/// Writes the kubeconfig a team's member uses with kubectl: one cluster, one user holding the team's ServiceAccount
/// token, one context. TLS is verified always (against the given CA, or the machine's); it never writes
/// <c>insecure-skip-tls-verify</c>, since a token sent to an unverified server is a token given away.
/// </summary>
public static class KubeconfigWriter
{
    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <summary>The one name of the kubeconfig's cluster, user and context: unique per team and environment, so merged kubeconfigs keep them apart.</summary>
    public static string ContextName(string team, string environment) => $"gantry-{team}-{environment}";

    /// <param name="cluster">The API server and its CA, as <see cref="ClusterConnection.Address"/> reads them from the cluster's own kubeconfig.</param>
    /// <param name="token">The ServiceAccount's token, as <see cref="ClusterClient.ReadServiceAccountTokenAsync"/> reads it.</param>
    /// <param name="defaultNamespace">What kubectl works in without <c>-n</c>; null: kubectl's default.</param>
    /// <exception cref="RenderException">A field is not usable; the message names it.</exception>
    public static string Write(ClusterAddress cluster, string token, string team, string environment, string? defaultNamespace)
    {
        TeamAccessRenderer.RequireLabel("team", team);
        TeamAccessRenderer.RequireLabel("environment", environment);
        if (defaultNamespace is not null)
        {
            TeamAccessRenderer.RequireLabel("defaultNamespace", defaultNamespace);
        }

        if (!cluster.Server.IsAbsoluteUri || cluster.Server.Scheme is not ("https" or "http"))
        {
            throw new RenderException($"server: '{cluster.Server}' is not an http(s) URL");
        }

        if (cluster.CertificateAuthorityData is { } ca && !IsBase64(ca))
        {
            throw new RenderException("certificateAuthorityData: not base64 (a kubeconfig holds the CA's PEM in base64)");
        }

        if (string.IsNullOrWhiteSpace(token) || token.Any(char.IsWhiteSpace))
        {
            throw new RenderException("token: empty or holding whitespace; read it from the ServiceAccount's token secret");
        }

        var name = ContextName(team, environment);
        var endpoint = new Dictionary<string, object> { ["server"] = cluster.Server.AbsoluteUri.TrimEnd('/') };
        if (cluster.CertificateAuthorityData is { } data)
        {
            endpoint["certificate-authority-data"] = data;
        }

        var context = new Dictionary<string, object> { ["cluster"] = name, ["user"] = name };
        if (defaultNamespace is not null)
        {
            context["namespace"] = defaultNamespace;
        }

        return Yaml.Serialize(new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new[] { new Dictionary<string, object> { ["name"] = name, ["cluster"] = endpoint } },
            ["users"] = new[] { new Dictionary<string, object> { ["name"] = name, ["user"] = new Dictionary<string, object> { ["token"] = token } } },
            ["contexts"] = new[] { new Dictionary<string, object> { ["name"] = name, ["context"] = context } },
            ["current-context"] = name,
        });
    }

    private static bool IsBase64(string text) => text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);
}
