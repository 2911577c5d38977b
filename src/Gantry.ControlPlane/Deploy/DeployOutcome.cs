using System.Collections.Immutable;
using Gantry.AppModel.Loading;

namespace Gantry.ControlPlane.Deploy;

/// <summary>What a deploy, rollback or scale request came to.</summary>
public abstract record DeployOutcome
{
    /// <summary>A release was created and the orchestrator was told.</summary>
    public sealed record Accepted(string App, int Release) : DeployOutcome;

    /// <summary>The app's files are invalid; nothing was stored.</summary>
    public sealed record Invalid(ImmutableArray<SpecError> Errors) : DeployOutcome;

    /// <summary>The request is well-formed but cannot be done (an unknown app or release, a host another app owns).</summary>
    public sealed record Refused(int StatusCode, string Message) : DeployOutcome;
}
