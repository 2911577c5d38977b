namespace Gantry.Gateway.FastPath;

/// <summary>
/// The parser's decision about one request. A rejection carries the status Kestrel answers with; a fall-back names
/// what the fast path leaves to Kestrel (which then decides, possibly rejecting).
/// </summary>
public readonly record struct FastPathVerdict(FastPathOutcome Outcome, int StatusCode, string Reason)
{
    public static FastPathVerdict Accept { get; } = new(FastPathOutcome.Accept, 0, "");

    public static FastPathVerdict FallBack(string reason) => new(FastPathOutcome.FallBack, 0, reason);

    public static FastPathVerdict Reject(int statusCode, string reason) => new(FastPathOutcome.Reject, statusCode, reason);

    public static FastPathVerdict BadRequest(string reason) => Reject(400, reason);

    public override string ToString() => Outcome switch
    {
        FastPathOutcome.Accept => "Accept",
        FastPathOutcome.FallBack => $"FallBack({Reason})",
        _ => $"Reject({StatusCode}, {Reason})",
    };
}
