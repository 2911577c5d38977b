using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// Service ports in a cluster: a workload with ports has a Service named after it in its app's namespace
/// (<see cref="ManifestRenderer.Namespace"/>), so its own app calls it by that name and another app by
/// <c>NAME.NAMESPACE.svc</c> (as resources are named), on the Service's port.
/// </summary>
/// <param name="environment">The environment rendered for (part of every namespace); null: only the app's own workloads can be called.</param>
/// <param name="platform">Knows other apps' workloads (a promotion from the platform); null for <c>gantry render</c>, which sees one app.</param>
public sealed class ClusterServiceAddresses(string? environment, IServiceAddresses? platform = null) : IServiceAddresses
{
    public ImmutableArray<PortSpec>? PortsOf(string app, string workload) => environment is null ? null : platform?.PortsOf(app, workload);

    public ServiceAddress AddressOf(string from, string app, string workload, PortSpec port) =>
        new(from == app ? workload : $"{workload}.{app}-{environment}.svc", port.Port);
}
