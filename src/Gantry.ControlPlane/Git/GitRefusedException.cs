namespace Gantry.ControlPlane.Git;

/// <summary>A connection or Git deploy that cannot be done, with the status the API answers and words a developer can act on.</summary>
public sealed class GitRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
