using System.Collections.Immutable;

namespace Gantry.Runtime.Health;

/// <summary>A health check against an instance: an HTTP GET or TCP connect to a container port, or a command.</summary>
/// <param name="Kind">HTTP GET, TCP connect or a command.</param>
/// <param name="ContainerPort">The port as the workload declares it; the probe goes to the host port it maps to.</param>
/// <param name="Path">For HTTP: the request path, for example <c>/healthz</c>.</param>
/// <param name="Scheme">For HTTP: <c>HTTP</c> or <c>HTTPS</c>.</param>
/// <param name="Host">For HTTP: the Host header to send; null sends the address probed.</param>
/// <param name="Headers">For HTTP: extra request headers.</param>
/// <param name="Command">For <see cref="ProbeKind.Exec"/>: the command and its arguments.</param>
/// <param name="Period">How often the probe runs.</param>
/// <param name="Timeout">How long one attempt may take before it counts as failed.</param>
/// <param name="FailureThreshold">Consecutive failures before the probe counts as failing.</param>
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
