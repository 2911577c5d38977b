using k8s;
using k8s.Models;

namespace Gantry.Kubernetes.Apply;

/// <summary>A rendered object with what applying it needs: its kind, namespace, name and JSON body.</summary>
public sealed record ClusterObject(ResourceKind Kind, string? Namespace, string Name, string Json)
{
    public string Display => $"{Kind.Kind.ToLowerInvariant()}/{Name}";

    public static ClusterObject From(object rendered)
    {
        if (rendered is not IKubernetesObject<V1ObjectMeta> item)
        {
            throw new ArgumentException("not a Kubernetes object", nameof(rendered));
        }

        var kind = ResourceKind.Of(item.ApiVersion, item.Kind);
        return new ClusterObject(kind, item.Metadata.NamespaceProperty, item.Metadata.Name, KubernetesJson.Serialize(rendered));
    }

    /// <summary>In apply order: namespace, configuration and claims, services, deployments, then what refers to them.</summary>
    public static IReadOnlyList<ClusterObject> Ordered(IEnumerable<object> rendered) =>
        [.. rendered.Select(From).Select((o, i) => (o, i)).OrderBy(p => p.o.Kind.Order).ThenBy(p => p.i).Select(p => p.o)];
}
