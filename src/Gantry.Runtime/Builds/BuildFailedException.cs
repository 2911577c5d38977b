namespace Gantry.Runtime.Builds;

/// <summary>A build failed; the message says why in the user's terms and ends with the build's last output lines.</summary>
public sealed class BuildFailedException : Exception
{
    public BuildFailedException(string message) : base(message) { }

    public BuildFailedException(string message, Exception innerException) : base(message, innerException) { }

    public BuildFailedException() { }
}
