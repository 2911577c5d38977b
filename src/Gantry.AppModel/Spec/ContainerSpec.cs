using System.Collections.Immutable;

namespace Gantry.AppModel.Spec;

/// <summary>A container of a workload, with placeholders expanded.</summary>
/// <param name="Image">The image reference, or <c>.</c> to build from source.</param>
/// <param name="BuildContext">For <c>image: .</c>: the folder to build, relative to the app's root folder; otherwise null.</param>
/// <param name="Command">Overrides the entrypoint (or, from source, the detected start command); empty when not set.</param>
public sealed record ContainerSpec(
    string Name,
    string Image,
    string? BuildContext,
    ImmutableArray<string> Command,
    ImmutableArray<string> Args,
    ImmutableDictionary<string, string> Variables,
    ImmutableArray<FileSpec> Files,
    ImmutableArray<VolumeMountSpec> Volumes,
    ResourcesSpec? Resources,
    ProbeSpec? LivenessProbe,
    ProbeSpec? ReadinessProbe)
{
    public bool BuildsFromSource => BuildContext is not null;

    /// <summary>Variables whose values hold a provisioned resource's secret output (a password): hidden like secret-named ones.</summary>
    public ImmutableArray<string> SecretVariables { get; init; } = [];

    /// <summary>gantry.yaml's build settings for <c>image: .</c> (its Containerfile, stage, arguments); null: the defaults.</summary>
    public BuildSpec? Build { get; init; }
}

/// <summary>A file placed in the container: text content (expanded), base64 content, or a source file relative to the app's root folder.</summary>
public sealed record FileSpec(string Target, string? Mode, string? Content, string? BinaryContent, string? Source, bool NoExpand)
{
    /// <summary>Its content holds a provisioned resource's secret output: shown hidden, like a secret variable.</summary>
    public bool HoldsSecret { get; init; }
}

/// <summary>A volume mounted at <c>Target</c>.</summary>
public sealed record VolumeMountSpec(string Target, string Source, string? Path, bool ReadOnly)
{
    /// <summary>The source names a volume that exists on the target (a cluster's claim) rather than a volume resource Gantry creates.</summary>
    public bool Existing { get; init; }
}

/// <summary>CPU and memory requests and limits as written (for example <c>250m</c>, <c>128Mi</c>).</summary>
public sealed record ResourcesSpec(ResourceAmounts? Limits, ResourceAmounts? Requests);

/// <summary>A CPU and memory amount.</summary>
public sealed record ResourceAmounts(string? Cpu, string? Memory);

/// <summary>A probe: an HTTP GET or a command.</summary>
public sealed record ProbeSpec(HttpProbeSpec? HttpGet, ImmutableArray<string> Exec);

/// <summary>An HTTP GET probe against a container port.</summary>
public sealed record HttpProbeSpec(int Port, string Path, string Scheme, string? Host, ImmutableArray<HttpHeaderSpec> Headers);

/// <summary>A header sent with an HTTP probe.</summary>
public sealed record HttpHeaderSpec(string Name, string Value);
