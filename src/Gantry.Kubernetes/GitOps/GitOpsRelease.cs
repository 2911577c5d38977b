namespace Gantry.Kubernetes.GitOps;

/// <summary>What one release puts in the repository: the app's rendered manifests for one environment, and its images for the commit message.</summary>
public sealed record GitOpsRelease(string App, string Environment, int Release, IReadOnlyList<(string File, string Yaml)> Manifests, IReadOnlyList<string> Images);
