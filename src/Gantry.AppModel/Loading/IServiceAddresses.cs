using System.Collections.Immutable;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Loading;

/// <summary>
/// Where a workload's service port answers calls from other workloads, as a platform runs them: the outputs of
/// <c>service-port</c> resources (a forwarder on 127.0.0.1 for processes, a name on the installation's network for
/// containers, a Service in a cluster).
/// </summary>
public interface IServiceAddresses
{
    /// <summary>The service ports of another app's workload as that app is deployed; null when there is no such app or workload here.</summary>
    ImmutableArray<PortSpec>? PortsOf(string app, string workload);

    /// <summary>The address at which app <paramref name="from"/> reaches <paramref name="port"/> of workload <paramref name="workload"/> of app <paramref name="app"/>.</summary>
    ServiceAddress AddressOf(string from, string app, string workload, PortSpec port);
}

/// <summary>The <c>hostname</c> and <c>port</c> outputs of a service-port resource.</summary>
public sealed record ServiceAddress(string Hostname, int Port);
