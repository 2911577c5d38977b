namespace Gantry.ControlPlane.Api;

/// <summary>Why a change was not made; the kind is the HTTP status the API answers with.</summary>
public enum RefusalKind
{
    Invalid = 400,
    NotFound = 404,
    Conflict = 409,
}

/// <summary>
/// A change the API and the console both offer, refused: <paramref name="Message"/> names the field that is wrong, so
/// the API's problem and the console's notice say the same thing.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Message)
{
    public static Refusal Invalid(string message) => new(RefusalKind.Invalid, message);

    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, message);

    public static Refusal Conflict(string message) => new(RefusalKind.Conflict, message);
}

/// <summary>An outcome whatever it made: what the audit log reads its refusal from.</summary>
public interface IOutcome
{
    Refusal? Refused { get; }
}

/// <summary>What a change made (<see cref="Value"/>), or why it was refused (<see cref="Refused"/>).</summary>
public readonly record struct Outcome<T>(T? Value, Refusal? Refused) : IOutcome
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default, refusal);
}
