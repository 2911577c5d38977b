using System.Collections.Immutable;
using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>The instances an app has on this machine right now, as the API and CLI show them.</summary>
public sealed record AppRuntimeView(string App, string Runtime, ImmutableArray<InstanceStatus> Instances);
