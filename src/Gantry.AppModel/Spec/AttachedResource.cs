using System.Collections.Immutable;

namespace Gantry.AppModel.Spec;

/// <summary>
/// A resource the app is given that no platform server of Gantry's holds, kept so it can be shown with the others: an
/// s3 resource's bucket on the platform's endpoint, or a service-port resource's way to another workload. Its
/// <paramref name="Outputs"/> are the plain ones; a secret one (the s3 secret key) is read where it lives when shown.
/// </summary>
/// <param name="Key">The bucket's name, or the called port as <c>WORKLOAD.APP:PORT</c>.</param>
/// <param name="Workloads">The workloads' names for it, as <c>WORKLOAD:NAME</c>.</param>
/// <param name="Service">Where it lives: the S3 endpoint, or the called workload as <c>WORKLOAD.APP</c>.</param>
public sealed record AttachedResource(
    string Key,
    string Type,
    string Class,
    ImmutableArray<string> Workloads,
    string Service,
    ImmutableDictionary<string, string> Outputs)
{
    /// <summary>Every output of its type, secret ones included, in the type's documented order.</summary>
    public IReadOnlyList<string> OutputNames() => Resources.ResourceTypes.OutputsOf(Type);

    /// <summary>One per key: workloads naming the same bucket (a shared id) or calling the same port are one.</summary>
    public static ImmutableArray<AttachedResource> Merge(IEnumerable<AttachedResource> declared) =>
    [
        .. declared.GroupBy(a => a.Key, StringComparer.Ordinal)
            .Select(g => g.First() with { Workloads = [.. g.SelectMany(a => a.Workloads).Distinct(StringComparer.Ordinal)] }),
    ];
}
