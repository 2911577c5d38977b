namespace Gantry.Runtime.Instances;

/// <summary>What a command run inside an instance ended with: its exit code and combined output.</summary>
public sealed record ExecResult(int ExitCode, string Output);
