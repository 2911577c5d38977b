using System.Collections.Immutable;

namespace Gantry.AppModel.Spec;

/// <summary>
/// An app resolved from its files: every placeholder expanded and every default applied.
/// This is what a release stores (as JSON) and what the runtimes and the gateway act on.
/// </summary>
public sealed record AppSpec(string Name, ImmutableArray<WorkloadSpec> Workloads)
{
    /// <summary>The file the app was loaded from (a gantry.yaml or a Score file), relative to the app's root folder.</summary>
    public string EntryFile { get; init; } = "";

    /// <summary>How the entry was imported when it is a compose file (its name, profiles, --provision): a reload imports it the same way.</summary>
    public Compose.ComposeImportOptions? ComposeImport { get; init; }

    /// <summary>The resources the platform provisions for the app (databases, caches, queues, buckets).</summary>
    public ImmutableArray<ResourceSpec> Resources { get; init; } = [];

    /// <summary>The buckets the app's s3 resources name: made on the platform's endpoint before the release runs.</summary>
    public ImmutableArray<string> Buckets { get; init; } = [];

    /// <summary>The service ports the app's service-port resources call (its own workloads' or other apps').</summary>
    public ImmutableArray<ServiceLink> ServiceLinks { get; init; } = [];

    /// <summary>The s3 buckets and service-port calls of the app, with their plain outputs: what <c>resources list</c> shows beside <see cref="Resources"/>.</summary>
    public ImmutableArray<AttachedResource> Attached { get; init; } = [];

    /// <summary>Requests the gateway forwards to the app at once (its bulkhead); more get 503 at once. Null: no limit.</summary>
    public int? MaxConcurrentRequests { get; init; }

    /// <summary>When the platform backs up the app's resources on its own (gantry.yaml's <c>backups</c>); null: only when asked.</summary>
    public BackupScheduleSpec? Backups { get; init; }

    /// <summary>The app's scheduled jobs (gantry.yaml's <c>jobs</c>), each running one of <see cref="Workloads"/> or a workload of its own.</summary>
    public ImmutableArray<JobSpec> Jobs { get; init; } = [];

    /// <summary>The app's own description files (the entry and every Score file): Gantry reads them, builds leave them out.</summary>
    public IEnumerable<string> DescriptionFiles => AllWorkloads().Select(w => w.SourceFile).Append(EntryFile).Where(f => f.Length > 0).Distinct();

    /// <summary>Every workload the app runs: its own, then those of jobs given their own Score file.</summary>
    /// <remarks>A method, not a property: the spec is stored as JSON and this is not part of it.</remarks>
    public IEnumerable<WorkloadSpec> AllWorkloads() => Workloads.Concat(Jobs.Select(j => j.OwnWorkload).OfType<WorkloadSpec>());

    /// <summary>The workload a job runs: its own, or the app's workload it names; null when neither is there.</summary>
    public WorkloadSpec? WorkloadOf(JobSpec job) => job.OwnWorkload ?? Workloads.FirstOrDefault(w => w.Name == job.Workload);
}

/// <summary>A service port that a service-port resource calls: <paramref name="Port"/> is the port's name.</summary>
public sealed record ServiceLink(string App, string Workload, string Port);
