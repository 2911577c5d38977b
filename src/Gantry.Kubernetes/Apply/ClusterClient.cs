using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gantry.Kubernetes.Apply;

/// <summary>
/// The few calls Gantry makes to a cluster, through KubernetesClient: server-side apply (field manager
/// <c>gantry</c>, forced, so Gantry owns the fields it renders), list by label, delete, reading a Deployment and a ServiceAccount's token.
/// </summary>
public sealed class ClusterClient(IKubernetes kubernetes)
{
    public const string FieldManager = "gantry";

    private const string ServiceAccountTokenType = "kubernetes.io/service-account-token";

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
                "ServiceAccount" => await kubernetes.CoreV1.PatchNamespacedServiceAccountAsync(patch, item.Name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct),
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

    /// <summary>
    /// The token the cluster's token controller wrote into a <c>kubernetes.io/service-account-token</c> Secret. One read,
    /// no waiting: the controller fills a new Secret within moments, so a caller that just applied it asks again.
    /// </summary>
    /// <exception cref="ClusterException">No such Secret, not a token Secret, or its token not filled in yet; the message says which.</exception>
    public async Task<string> ReadServiceAccountTokenAsync(string ns, string secretName, CancellationToken ct)
    {
        var what = $"read the token in secret/{secretName} in {ns}";
        var secret = await Call<V1Secret?>(what, async () =>
        {
            try
            {
                return await kubernetes.CoreV1.ReadNamespacedSecretAsync(secretName, ns, cancellationToken: ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        });
        if (secret is null)
        {
            throw new ClusterException($"{what}: there is no such secret; apply the team's access objects first");
        }

        if (secret.Type != ServiceAccountTokenType)
        {
            throw new ClusterException($"{what}: the secret is of type '{secret.Type}', not {ServiceAccountTokenType}");
        }

        return secret.Data?.TryGetValue("token", out var token) == true && token.Length > 0
            ? Encoding.UTF8.GetString(token)
            : throw new ClusterException($"{what}: the cluster has not filled in the token yet (it does within moments of the secret "
                + "and its ServiceAccount being applied; is the ServiceAccount there?)");
    }

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
