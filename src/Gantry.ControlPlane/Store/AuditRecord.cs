namespace Gantry.ControlPlane.Store;

/// <summary>
/// One change made through the API: who, from where, what, when and how it ended. Entries are hash-chained: each
/// holds the hash of the one before, so changing or removing a stored entry shows in 'gantry audit verify'.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    /// <summary>1, 2, 3 … with no gaps: a missing number is a removed entry.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset Time { get; set; }

    /// <summary>The token's (or user's) name.</summary>
    public required string Actor { get; set; }

    public required string Address { get; set; }

    /// <summary>The client's User-Agent, cut to 200 characters.</summary>
    public required string Client { get; set; }

    /// <summary>The method and route, for example <c>POST /api/v1/apps/{app}/scale</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The app the change was made to, when it names one.</summary>
    public string? App { get; set; }

    /// <summary>The route's values and the request's fields, secret values left out.</summary>
    public required string Summary { get; set; }

    /// <summary><c>applied</c> (written with the change itself), or the answer's status for requests that stored nothing.</summary>
    public required string Outcome { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}
