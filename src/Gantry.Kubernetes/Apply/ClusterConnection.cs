using System.Text;
using k8s;
using k8s.Exceptions;

namespace Gantry.Kubernetes.Apply;

/// <summary>Opens a cluster the way kubectl does: a kubeconfig file (default <c>$KUBECONFIG</c> or <c>~/.kube/config</c>) and a context in it.</summary>
public static class ClusterConnection
{
    public static ClusterClient Open(string? kubeconfig, string? context) =>
        Load(kubeconfig, context, config => new ClusterClient(new k8s.Kubernetes(config)));

    /// <summary>A cluster at a URL without credentials (a local API server proxy, or a test's).</summary>
    public static ClusterClient At(Uri server) => new(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.ToString() }));

    /// <summary>
    /// The server and CA of the context, read as <see cref="Open"/> reads them (a CA file or inline data alike), so a
    /// team's kubeconfig can point at the same server; a context that skips TLS verification gives no CA, never the skip.
    /// </summary>
    public static ClusterAddress Address(string? kubeconfig, string? context) => Load(kubeconfig, context, config =>
    {
        var pem = config.SslCaCerts is { Count: > 0 } certificates
            ? string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"))
            : null;
        return new ClusterAddress(new Uri(config.Host), pem is null ? null : Convert.ToBase64String(Encoding.ASCII.GetBytes(pem)));
    });

    private static T Load<T>(string? kubeconfig, string? context, Func<KubernetesClientConfiguration, T> use)
    {
        try
        {
            return use(kubeconfig is null
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context)
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context));
        }
        catch (Exception e) when (e is KubeConfigException or FileNotFoundException or IOException)
        {
            var where = kubeconfig ?? "the default kubeconfig";
            throw new ClusterException(context is null ? $"{where}: {e.Message}" : $"context '{context}' in {where}: {e.Message}", e);
        }
    }
}
