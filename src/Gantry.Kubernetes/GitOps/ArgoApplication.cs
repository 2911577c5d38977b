using System.Globalization;
using System.Text;

namespace Gantry.Kubernetes.GitOps;

/// <summary>The Argo CD <c>Application</c> that syncs one app and environment from its folder of the repository.</summary>
public static class ArgoApplication
{
    public static string Render(GitOpsTarget target, string app, string environment, string path)
    {
        var ns = $"{app}-{environment}";
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: argoproj.io/v1alpha1\n");
        yaml.Append("kind: Application\n");
        yaml.Append("metadata:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"  name: {ns}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"  namespace: {target.ArgoNamespace}\n");
        yaml.Append("  labels:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    app.kubernetes.io/part-of: {app}\n");
        yaml.Append("    app.kubernetes.io/managed-by: gantry\n");
        yaml.Append("spec:\n");
        yaml.Append("  project: default\n");
        yaml.Append("  source:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    repoURL: {target.RepositoryUrl}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    targetRevision: {target.Branch}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    path: {path}\n");
        yaml.Append("  destination:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    server: {target.ClusterUrl}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    namespace: {ns}\n");
        yaml.Append("  syncPolicy:\n");
        yaml.Append("    automated: { prune: true, selfHeal: true }\n");
        return yaml.ToString();
    }
}
