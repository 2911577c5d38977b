namespace Gantry.ControlPlane.Audit;

/// <summary>
/// The API request being audited, carried along its async flow, so the first save the request makes writes the
/// audit entry in the same transaction as the change.
/// </summary>
public sealed class AuditScope(string actor, string address, string client, string action, string? app, string summary)
{
    private static readonly AsyncLocal<AuditScope?> Ambient = new();
    private int _recorded;

    public static AuditScope? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public string Actor { get; } = actor;

    public string Address { get; } = address;

    public string Client { get; } = client;

    public string Action { get; } = action;

    public string? App { get; } = app;

    public string Summary { get; } = summary;

    /// <summary>Claims the one entry this request gets; false once claimed (or closed).</summary>
    public bool Claim() => Interlocked.Exchange(ref _recorded, 1) == 0;

    /// <summary>Gives the claim back when the save it was for failed, so a later save (or the request's end) records it.</summary>
    public void Release() => Interlocked.Exchange(ref _recorded, 0);
}
