using k8s;
using k8s.Exceptions;

namespace Gantry.Kubernetes.Apply;

/// <summary>Opens a cluster the way kubectl does: a kubeconfig file (default <c>$KUBECONFIG</c> or <c>~/.kube/config</c>) and a context in it.</summary>
public static class ClusterConnection
{
    public static ClusterClient Open(string? kubeconfig, string? context)
    {
        try
        {
            var config = kubeconfig is null
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context)
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
            return new ClusterClient(new k8s.Kubernetes(config));
        }
        catch (Exception e) when (e is KubeConfigException or FileNotFoundException or IOException)
        {
            var where = kubeconfig ?? "the default kubeconfig";
            throw new ClusterException(context is null ? $"{where}: {e.Message}" : $"context '{context}' in {where}: {e.Message}", e);
        }
    }

    /// <summary>A cluster at a URL without credentials (a local API server proxy, or a test's).</summary>
    public static ClusterClient At(Uri server) => new(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.ToString() }));
}
