namespace Gantry.Kubernetes.GitOps;

/// <summary>What publishing did: the commit pushed, or nothing because the repository already held exactly this.</summary>
public sealed record GitOpsResult(bool Committed, string? Commit, string Path);
