namespace Gantry.Kubernetes.Apply;

/// <summary>The cluster refused or could not be reached; the message names the object and what the API server said.</summary>
public sealed class ClusterException(string message, Exception? inner = null) : Exception(message, inner);
