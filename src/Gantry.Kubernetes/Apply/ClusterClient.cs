using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gantry.Kubernetes.Apply;

/// <summary>
/// The few calls Gantry makes to a cluster, through KubernetesClient: server-side apply (field manager
/// <c>gantry</c>, forced, so Gantry owns the fields it renders), list by label, delete, and reading a Deployment.
/// </summary>
public sealed class ClusterClient(IKubernetes kubernetes)
{
    public const string FieldManager = "gantry";

    public async Task ApplyAsync(ClusterObject item, CancellationToken ct)
    {
        var patch = new V1Patch(item.Json, V1Patch.PatchType.ApplyPatch);
        var ns = item.Namespace ?? "";
        await Call($"apply {item.Display}", async () =>
        {
            _ = item.Kind.Kind switch
            {
                "Namespace" => await kubernetes.CoreV1.PatchNamespaceAsync(patch, item.Name, fieldManager: FieldManager, force: true, cancellationToken: ct) as object,
                "ConfigMap" => await kubernetes.CoreV1.PatchNamespacedConfigMapAsync(patch, item.Name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct),
                "Secret" => await kubernetes.CoreV1.PatchNamespacedSecretAsync(patch, item.Name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct),
                "Service" => await kubernetes.CoreV1.PatchNamespacedServiceAsync(patch, item.Name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct),
                "PersistentVolumeClaim" => await kubernetes.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(patch, item.Name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct),
                _ => await kubernetes.CustomObjects.PatchNamespacedCustomObjectAsync(patch, item.Kind.Group, item.Kind.Version, ns, item.Kind.Plural, item.Name,
                    fieldManager: FieldManager, force: true, cancellationToken: ct),
            };
            return true;
        });
    }

    /// <summary>The names of the objects of a kind in a namespace that match a label selector.</summary>
    public Task<IReadOnlyList<string>> ListAsync(ResourceKind kind, string ns, string labelSelector, CancellationToken ct) =>
        Call<IReadOnlyList<string>>($"list {kind.Plural} in {ns}", async () => kind.Kind switch
        {
            "ConfigMap" => Names((await kubernetes.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: labelSelector, cancellationToken: ct)).Items.Select(i => i.Metadata)),
            "Secret" => Names((await kubernetes.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: labelSelector, cancellationToken: ct)).Items.Select(i => i.Metadata)),
            "Service" => Names((await kubernetes.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: labelSelector, cancellationToken: ct)).Items.Select(i => i.Metadata)),
            _ => Names((await kubernetes.CustomObjects.ListNamespacedCustomObjectAsync<NamedObjectList>(
                kind.Group, kind.Version, ns, kind.Plural, labelSelector: labelSelector, cancellationToken: ct)).Items.Select(i => i.Metadata)),
        });

    public Task DeleteAsync(ResourceKind kind, string ns, string name, CancellationToken ct) =>
        Call($"delete {kind.Kind.ToLowerInvariant()}/{name}", async () =>
        {
            try
            {
                await DeleteOnceAsync(kind, ns, name, ct);
            }
            catch (JsonException)
            {
                // The server deleted it and answered with a Status rather than the object; either is success.
            }

            return true;
        });

    public Task<V1Deployment> ReadDeploymentAsync(string ns, string name, CancellationToken ct) =>
        Call($"read deployment/{name}", () => kubernetes.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct));

    private async Task DeleteOnceAsync(ResourceKind kind, string ns, string name, CancellationToken ct)
    {
        _ = kind.Kind switch
        {
            "ConfigMap" => await kubernetes.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, propagationPolicy: "Background", cancellationToken: ct) as object,
            "Secret" => await kubernetes.CoreV1.DeleteNamespacedSecretAsync(name, ns, propagationPolicy: "Background", cancellationToken: ct),
            "Service" => await kubernetes.CoreV1.DeleteNamespacedServiceAsync(name, ns, propagationPolicy: "Background", cancellationToken: ct),
            _ => await kubernetes.CustomObjects.DeleteNamespacedCustomObjectAsync(kind.Group, kind.Version, ns, kind.Plural, name,
                propagationPolicy: "Background", cancellationToken: ct),
        };
    }

    private static List<string> Names(IEnumerable<V1ObjectMeta> items) => [.. items.Select(m => m.Name)];

    private static async Task<T> Call<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e)
        {
            throw new ClusterException($"{what}: {(int)e.Response.StatusCode} {StatusMessage(e.Response.Content) ?? e.Response.ReasonPhrase}", e);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterException($"{what}: the API server did not answer ({e.Message})", e);
        }
    }

    /// <summary>The message of the Kubernetes <c>Status</c> an API server answers errors with.</summary>
    private static string? StatusMessage(string? content)
    {
        try
        {
            return content is null ? null : KubernetesJson.Deserialize<V1Status>(content)?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
