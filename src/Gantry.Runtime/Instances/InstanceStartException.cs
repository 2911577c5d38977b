namespace Gantry.Runtime.Instances;

/// <summary>An instance could not be started; the message is meant for the user.</summary>
public sealed class InstanceStartException : Exception
{
    public InstanceStartException(string message) : base(message) { }

    public InstanceStartException(string message, Exception innerException) : base(message, innerException) { }

    public InstanceStartException() { }
}
