using System.Collections.Immutable;

namespace Gantry.Runtime.Health;

/// <summary>A health check against an instance: an HTTP GET or TCP connect to a container port, or a command.</summary>
/// <param name="ContainerPort">The port as the workload declares it; the probe goes to the host port it maps to.</param>
/// <param name="Command">For <see cref="ProbeKind.Exec"/>: the command and its arguments.</param>
public sealed record ProbeDefinition(
    ProbeKind Kind,
    int ContainerPort,
    string Path,
    string Scheme,
    string? Host,
    ImmutableArray<KeyValuePair<string, string>> Headers,
    ImmutableArray<string> Command,
    TimeSpan Period,
    TimeSpan Timeout,
    int FailureThreshold);

/// <summary>The kinds of probe.</summary>
public enum ProbeKind
{
    Http,
    Tcp,
    Exec,
}
