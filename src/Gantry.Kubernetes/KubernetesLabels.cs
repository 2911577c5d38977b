namespace Gantry.Kubernetes;

/// <summary>The recommended <c>app.kubernetes.io/*</c> labels Gantry puts on everything it renders.</summary>
internal static class KubernetesLabels
{
    public static Dictionary<string, string> For(string app, string workload) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = workload,
        ["app.kubernetes.io/part-of"] = app,
        ["app.kubernetes.io/managed-by"] = "gantry",
    };

    /// <summary>
    /// A job's CronJob and pods. No <c>app.kubernetes.io/name</c>: every Service, Deployment and budget selects by
    /// name and part-of, and a job's pods (running a workload's image, maybe named like one) must match none of them.
    /// </summary>
    public static Dictionary<string, string> ForJob(string app, string job) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/component"] = "job",
        ["app.kubernetes.io/part-of"] = app,
        ["app.kubernetes.io/managed-by"] = "gantry",
        ["gantry.dev/job"] = job,
    };

    /// <summary>What a Deployment selects its pods by: stable across releases (a selector cannot change).</summary>
    public static Dictionary<string, string> Selector(string app, string workload) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = workload,
        ["app.kubernetes.io/part-of"] = app,
    };

    /// <summary>A team's access objects: no app, so no name or part-of; the team and environment say whose they are.</summary>
    public static Dictionary<string, string> ForTeam(string team, string environment) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/component"] = "team-access",
        ["app.kubernetes.io/managed-by"] = "gantry",
        ["gantry.dev/team"] = team,
        ["gantry.dev/environment"] = environment,
    };
}
