using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Gantry.Kubernetes.Resources;

/// <summary>An operator's custom resource (a CRD the client has no model of): its spec as plain data, in the order written.</summary>
public sealed class CustomObject(string apiVersion, string kind) : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = apiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public IDictionary<string, object> Spec { get; set; } = new Dictionary<string, object>();
}
