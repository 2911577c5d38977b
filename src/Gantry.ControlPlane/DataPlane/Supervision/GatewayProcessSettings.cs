namespace Gantry.ControlPlane.DataPlane.Supervision;

/// <summary>How <c>gantry up</c> runs its gantry-gateway.</summary>
/// <param name="Executable">The gantry-gateway program (beside gantry's own).</param>
/// <param name="StateDirectory">The gateway's state folder: its kept snapshot and <c>ports.json</c>.</param>
/// <param name="LogFile">Where its output is appended (a restart's successor appends to the same file).</param>
/// <param name="Arguments">Its command line; ports asked as 0 are replaced by the ones bound once it listened.</param>
public sealed record GatewayProcessSettings(string Executable, string StateDirectory, string LogFile, IReadOnlyList<string> Arguments)
{
    /// <summary>The file a restart's successor takes its arguments from, when they are to change (read once by gantry-gateway).</summary>
    public string NextArgumentsFile => Path.Combine(StateDirectory, Gateway.Config.GatewayCommandLine.NextArgumentsFile);
}
