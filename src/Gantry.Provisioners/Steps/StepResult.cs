namespace Gantry.Provisioners.Steps;

/// <summary>How a command ended and what it printed (bounded; secrets of its plan masked).</summary>
/// <param name="ExitCode">The exit code; 128 + N when a signal N ended it.</param>
/// <param name="Stdout">The start of its output (empty when the output went to a stream).</param>
/// <param name="Stderr">The end of its error output.</param>
/// <param name="TimedOut">It ran past its timeout and was killed.</param>
public sealed record StepResult(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
