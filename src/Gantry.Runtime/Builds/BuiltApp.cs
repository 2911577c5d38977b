using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds;

/// <summary>What a builder made: how to start it, and what it detected, for the build log and status.</summary>
/// <param name="Stack">The stack and why, for example <c>Python 3.11.7 (requirements.txt)</c>.</param>
/// <param name="Start">How it starts and why, for example <c>gunicorn app:app (gunicorn is in requirements.txt)</c>; null when that says nothing more.</param>
public sealed record BuiltApp(LaunchCommand Launch, string Stack, string? Start = null)
{
    public string Describe() => Start is null ? Stack : $"{Stack}, started by {Start}";
}
