namespace Gantry.ControlPlane.Store;

/// <summary>A user's TOTP second factor: its shared secret sealed with data protection, never stored in clear.</summary>
public sealed class UserFactorRecord
{
    public required string User { get; set; }

    /// <summary>The confirmed secret (sealed); null while only <see cref="Pending"/> is set.</summary>
    public string? Secret { get; set; }

    /// <summary>A secret handed out and not yet confirmed with a code (sealed).</summary>
    public string? Pending { get; set; }

    /// <summary>The last 30-second step a code was taken for: a code is never taken twice.</summary>
    public long LastStep { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }
}
