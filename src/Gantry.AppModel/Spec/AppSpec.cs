using System.Collections.Immutable;

namespace Gantry.AppModel.Spec;

/// <summary>
/// An app resolved from its files: every placeholder expanded and every default applied.
/// This is what a release stores (as JSON) and what the runtimes and the gateway act on.
/// </summary>
public sealed record AppSpec(string Name, ImmutableArray<WorkloadSpec> Workloads);
