using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.DataPlane;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/gateways</c>: the gateways this control plane feeds, this process's own among them.</summary>
public static class GatewaysEndpoints
{
    /// <summary>The name the gateway inside the control plane's process is listed under.</summary>
    public const string InProcess = "in-process";

    public static void MapGateways(this RouteGroupBuilder api)
    {
        api.MapGet("/gateways", (GatewayConfigSource source, ConnectedGateways gateways, TimeProvider time) =>
            {
                var current = source.Current.Version;
                var listed = gateways.List().Select(g => Info(g, current)).ToList();
                if (source.HasLocalGateway)
                {
                    // It applies every snapshot before the snapshot counts as made: never behind.
                    listed.Insert(0, new GatewayInfo(InProcess, true, current, 0, true, time.GetUtcNow(), null, null, Environment.ProcessId, null, 0, 0, null));
                }

                return listed;
            })
            .WithTags("Gateways")
            .WithSummary("Lists the gateways fed by this control plane: connected or not, the snapshot version each serves, how far behind it is, and its last contact.");
    }

    private static GatewayInfo Info(GatewayState g, long current)
    {
        var report = g.LastReport;
        var version = report?.Version ?? 0;
        return new GatewayInfo(
            g.Name, g.Connected, version, Math.Max(0, current - version), report?.Ready ?? false, g.LastContact, g.Address,
            report?.Listen, report?.Pid, report?.StartedAt, report?.Requests ?? 0, report?.Errors ?? 0, report?.Problem);
    }
}
