namespace Gantry.Gateway.FastPath;

/// <summary>What the fast path does with a request: forward it, hand the connection to Kestrel, or refuse it.</summary>
public enum FastPathOutcome
{
    Accept,
    FallBack,
    Reject,
}
