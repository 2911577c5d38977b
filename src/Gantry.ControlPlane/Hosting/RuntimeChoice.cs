namespace Gantry.ControlPlane.Hosting;

/// <summary>The local runtime <c>gantry up --runtime</c> asks for.</summary>
public enum RuntimeChoice
{
    /// <summary>Containers when a Docker Engine API answers, processes otherwise.</summary>
    Auto,

    Process,

    Container,
}
