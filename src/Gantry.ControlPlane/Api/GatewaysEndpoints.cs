using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.DataPlane.Supervision;

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
                if (source.HasLocalGateway && source.LocalServesTraffic)
                {
                    // It applies every snapshot before the snapshot counts as made: never behind.
                    listed.Insert(0, new GatewayInfo(InProcess, true, current, 0, true, time.GetUtcNow(), null, null, Environment.ProcessId, null, 0, 0, null));
                }

                return listed;
            })
            .WithTags("Gateways")
            .WithSummary("Lists the gateways fed by this control plane: connected or not, the snapshot version each serves, how far behind it is, and its last contact.");

        api.MapPost("/gateways/restart", async Task<IResult> (IServiceProvider services, CancellationToken ct) =>
            {
                if (services.GetService<GatewaySupervisor>() is not { } supervisor)
                {
                    return ApiResults.Problem(StatusCodes.Status409Conflict,
                        "the gateway runs inside the control plane's process (gantry up --gateway in-process): restart gantry up instead");
                }

                var before = supervisor.Current?.Pid ?? 0;
                try
                {
                    var now = await supervisor.RestartAsync(ct);
                    return Results.Ok(new GatewayRestartInfo(GatewayArguments.LocalName, before, now.Pid, now.Http, now.Https));
                }
                catch (InvalidOperationException e)
                {
                    return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, $"the gateway was not restarted: {e.Message}");
                }
            })
            .WithTags("Gateways")
            .Produces<GatewayRestartInfo>()
            .WithSummary("Restarts gantry up's gateway process without refusing a connection: it hands its listening sockets to a new process and drains. 409 when the gateway runs in the control plane's process.");
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
