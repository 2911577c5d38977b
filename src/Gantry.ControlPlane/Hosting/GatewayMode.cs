namespace Gantry.ControlPlane.Hosting;

/// <summary>Where <c>gantry up</c>'s gateway runs.</summary>
public enum GatewayMode
{
    /// <summary>Inside the control plane's process (one process for everything; tests and embedding use it).</summary>
    InProcess,

    /// <summary>A gantry-gateway process of its own, fed by the control plane, serving on when the control plane is gone.</summary>
    Process,
}
