using System.Text.Json.Serialization;
using k8s.Models;

namespace Gantry.Kubernetes.Apply;

/// <summary>Just the metadata of a list answer: pruning needs only the names.</summary>
internal sealed class NamedObjectList
{
    [JsonPropertyName("items")]
    public List<NamedObject> Items { get; set; } = [];
}

/// <summary>An item of <see cref="NamedObjectList"/>.</summary>
internal sealed class NamedObject
{
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
