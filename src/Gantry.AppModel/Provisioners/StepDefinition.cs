using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners;

/// <summary>A command run beside the service: on the process runtime on this machine (with the service's binaries on PATH), on the container runtime inside its container.</summary>
/// <param name="ForEach">A path to a list (<c>params.extensions</c>): the step runs once per item, as <c>{{ item }}</c>.</param>
/// <param name="User">Run as this user (when Gantry runs as root), for tools that refuse root (initdb).</param>
public sealed record StepDefinition(
    ImmutableArray<string> Command,
    ImmutableDictionary<string, string> Environment,
    string? Stdin,
    string? ForEach,
    string? User,
    TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
}
