using System.Collections.Immutable;

namespace Gantry.AppModel.Spec;

/// <summary>
/// A resource the platform provisions for the app (a database, a cache, a queue, a bucket), as its workloads declared it.
/// </summary>
/// <param name="Key">
/// What identifies it across releases: its Score <c>id</c> when set (shared by every workload and app naming that id),
/// else <c>APP.WORKLOAD.NAME</c> (its own).
/// </param>
/// <param name="Workloads">The workloads that use it, with the name each gives it (<c>web:db</c>).</param>
/// <param name="Params">Its <c>params</c>, each as a list of strings (a single value is a list of one).</param>
public sealed record ResourceSpec(
    string Key,
    string Type,
    string Class,
    string? Id,
    ImmutableArray<string> Workloads,
    ImmutableDictionary<string, ImmutableArray<string>> Params)
{
    /// <summary>Where it was declared first (<c>score.yaml:12:5</c>), for messages.</summary>
    public string Location { get; init; } = "";
}
