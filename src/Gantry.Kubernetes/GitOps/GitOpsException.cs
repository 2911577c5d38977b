namespace Gantry.Kubernetes.GitOps;

/// <summary>Publishing to the configuration repository failed; the message says which git step and why (credentials hidden).</summary>
public sealed class GitOpsException(string message) : Exception(message);
