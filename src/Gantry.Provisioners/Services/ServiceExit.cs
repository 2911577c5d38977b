namespace Gantry.Provisioners.Services;

/// <summary>How a server ended: its exit code or signal, or unknown when it was adopted (not Gantry's child).</summary>
public sealed record ServiceExit(int? ExitCode, string? Signal, DateTimeOffset At)
{
    public string Description => (ExitCode, Signal) switch
    {
        (_, { } signal) => $"was killed by {signal}",
        ({ } code, _) => $"exited with code {code}",
        _ => "disappeared (it was adopted, so its exit status is unknown)",
    };

    public override string ToString() => Description;
}
