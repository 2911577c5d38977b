namespace Gantry.ControlPlane.Targets;

/// <summary>A request about targets, environments or promotions that cannot be carried out; the status is the API's answer.</summary>
public sealed class EnvironmentException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
