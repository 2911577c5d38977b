using Gantry.AppModel.Spec;

namespace Gantry.Kubernetes;

/// <summary>
/// On one machine a <c>dns</c> resource without a host gets <c>NAME.localhost</c>; in a cluster that name reaches
/// nothing, so those hosts move under the target's domain. Hosts the app chose itself stay as written.
/// </summary>
public static class LocalHosts
{
    private const string Suffix = ".localhost";

    public static AppSpec MoveTo(AppSpec app, string domain) => app with
    {
        Workloads = [.. app.Workloads.Select(w => w with { Routes = [.. w.Routes.Select(r => r with { Host = Move(r.Host, domain) })] })],
    };

    public static string Move(string host, string domain) =>
        host.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? $"{host[..^Suffix.Length]}.{domain}" : host;
}
