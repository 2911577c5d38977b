using Gantry.ControlPlane.Events;
using Gantry.Gateway.Routing;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>What every app reconciler shares.</summary>
public sealed record OrchestratorServices(
    ReleaseLedger Ledger,
    ReleaseBuilder Builder,
    InstanceFactory Instances,
    RoutePublisher Routes,
    ServicePorts.ServicePortDirectory ServicePorts,
    RoutingTable Routing,
    AppEventLog Events,
    Secrets.SecretScrubber Secrets,
    TimeProvider Time);
