using Gantry.ControlPlane.Events;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>What every app reconciler shares.</summary>
public sealed record OrchestratorServices(
    ReleaseLedger Ledger,
    ReleaseBuilder Builder,
    InstanceFactory Instances,
    RoutePublisher Routes,
    ServicePorts.ServicePortDirectory ServicePorts,
    DataPlane.GatewayDrains Drains,
    AppEventLog Events,
    Secrets.SecretScrubber Secrets,
    TimeProvider Time);
