namespace Gantry.Kubernetes.GitOps;

/// <summary>A configuration repository that Argo CD syncs from: where (URL, branch) and under which folder apps live.</summary>
public sealed record GitOpsTarget(string RepositoryUrl, string Branch = "main", string AppsFolder = "apps", string ArgoNamespace = "argocd", string ClusterUrl = "https://kubernetes.default.svc");
