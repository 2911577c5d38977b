using System.Collections.Immutable;

namespace Gantry.Runtime.Instances;

/// <summary>How a container instance runs: its image and what the Score container asks of it.</summary>
/// <param name="Image">A local or pullable image reference.</param>
/// <param name="Command">Replaces the image's entrypoint when set (Score <c>command</c>).</param>
/// <param name="Args">Replaces the image's command when set (Score <c>args</c>).</param>
public sealed record ContainerLaunch(
    string Image,
    ImmutableArray<string> Command,
    ImmutableArray<string> Args,
    ImmutableArray<VolumeBinding> Volumes,
    ImmutableArray<FileMount> Files,
    ContainerLimits Limits);

/// <summary>An engine volume mounted at <c>Target</c>; <c>SubPath</c> mounts a folder inside it.</summary>
public sealed record VolumeBinding(string Volume, string Target, string? SubPath, bool ReadOnly);

/// <summary>A file written into the container before it starts.</summary>
/// <param name="Mode">Octal permissions such as <c>0644</c>; null for the default.</param>
public sealed record FileMount(string Target, string? Mode, ImmutableArray<byte> Content);

/// <summary>CPU and memory limits (enforced) and requests (recorded), in engine units; null when not set.</summary>
public sealed record ContainerLimits(long? MemoryBytes, long? NanoCpus, long? MemoryRequestBytes, long? CpuRequestMillis)
{
    public static ContainerLimits None { get; } = new(null, null, null, null);
}
