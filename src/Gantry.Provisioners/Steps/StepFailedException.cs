namespace Gantry.Provisioners.Steps;

/// <summary>A command could not run or failed; the message is meant for the user and holds no secrets.</summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException(string message, StepResult? result = null) : base(message)
    {
        Result = result;
    }

    public StepFailedException(string message, Exception innerException) : base(message, innerException) { }

    public StepFailedException() { }

    /// <summary>How it ended; null when it never started (a missing program or user).</summary>
    public StepResult? Result { get; }
}
