namespace Gantry.ControlPlane.Resources;

/// <summary>A resource cannot be allocated or provisioned; the message says why, in words for the app's owner.</summary>
public sealed class ResourceException(string message, int status = StatusCodes.Status409Conflict) : Exception(message)
{
    /// <summary>The HTTP status the API answers with when this refuses a deploy.</summary>
    public int Status { get; } = status;
}
