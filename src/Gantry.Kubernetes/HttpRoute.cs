using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>A Gateway API <c>gateway.networking.k8s.io/v1</c> HTTPRoute (a CRD, so not among the client's models).</summary>
public sealed class HttpRoute : IKubernetesObject<V1ObjectMeta>
{
    public const string RouteApiVersion = "gateway.networking.k8s.io/v1";
    public const string RouteKind = "HTTPRoute";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = RouteApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = RouteKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public HttpRouteSpec Spec { get; set; } = new();
}

/// <summary>The spec of an <see cref="HttpRoute"/>: which Gateway, which hostnames, which rules.</summary>
public sealed class HttpRouteSpec
{
    [JsonPropertyName("parentRefs")]
    public IList<HttpRouteParentRef> ParentRefs { get; set; } = [];

    [JsonPropertyName("hostnames")]
    public IList<string> Hostnames { get; set; } = [];

    [JsonPropertyName("rules")]
    public IList<HttpRouteRule> Rules { get; set; } = [];
}

/// <summary>The Gateway a route attaches to.</summary>
public sealed class HttpRouteParentRef
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }
}

/// <summary>Requests matching <c>Matches</c> go to <c>BackendRefs</c>.</summary>
public sealed class HttpRouteRule
{
    [JsonPropertyName("matches")]
    public IList<HttpRouteMatch> Matches { get; set; } = [];

    [JsonPropertyName("backendRefs")]
    public IList<HttpRouteBackendRef> BackendRefs { get; set; } = [];
}

/// <summary>A path match.</summary>
public sealed class HttpRouteMatch
{
    [JsonPropertyName("path")]
    public HttpPathMatch Path { get; set; } = new();
}

/// <summary><c>PathPrefix</c> matches on path segments, like Gantry's own gateway.</summary>
public sealed class HttpPathMatch
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "PathPrefix";

    [JsonPropertyName("value")]
    public string Value { get; set; } = "/";
}

/// <summary>A Service and port.</summary>
public sealed class HttpRouteBackendRef
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("port")]
    public int Port { get; set; }
}
