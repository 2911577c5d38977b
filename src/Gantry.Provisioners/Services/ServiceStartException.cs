namespace Gantry.Provisioners.Services;

/// <summary>A platform server could not be initialized, started or made ready; the message is meant for the user.</summary>
public sealed class ServiceStartException : Exception
{
    public ServiceStartException(string message) : base(message) { }

    public ServiceStartException(string message, Exception innerException) : base(message, innerException) { }

    public ServiceStartException() { }
}
