using Gantry.ControlPlane.DataPlane;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Snapshots;
using Gantry.Gateway.Tls;
using Gantry.Gateway.Tls.Acme;

namespace Gantry.ControlPlane.Tests.DataPlane;

/// <summary>A configuration source feeding a gateway's parts in this process, as <c>gantry up</c> wires them, without a listener.</summary>
internal static class LocalGateway
{
    public static (GatewayConfigSource Source, RoutingTable Table) Start()
    {
        var table = new RoutingTable();
        var local = new GatewaySnapshotApplier(table, new TlsPassthroughTable(), new GatewayClients(), new CertificateStore(), new Http01ChallengeStore());
        return (new GatewayConfigSource(local, TimeProvider.System), table);
    }
}
