namespace Gantry.Kubernetes;

/// <summary>An app that loads but cannot be rendered for a cluster (a resource type with no Kubernetes rendering, say); the message names what and why.</summary>
public sealed class RenderException(string message) : Exception(message);
