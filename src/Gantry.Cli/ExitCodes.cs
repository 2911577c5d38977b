namespace Gantry.Cli;

/// <summary>What the CLI's exit code means, for scripts.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation ran and failed (a release failed and was rolled back, the server is unreachable).</summary>
    public const int Failed = 1;

    /// <summary>The input is wrong: a bad flag, an invalid app file, an unknown app.</summary>
    public const int InvalidInput = 2;
}
