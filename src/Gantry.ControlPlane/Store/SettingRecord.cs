namespace Gantry.ControlPlane.Store;

/// <summary>A value an app's <c>environment</c> resources read (<c>gantry config set</c>): for one app, or for every app.</summary>
public sealed class SettingRecord
{
    /// <summary>The <see cref="App"/> of a platform-wide setting; an app's own setting of the same key wins.</summary>
    public const string Platform = "";

    /// <summary>The app's name, or <see cref="Platform"/>. An app's settings may exist before its first deploy.</summary>
    public required string App { get; set; }

    public required string Key { get; set; }

    /// <summary>The value, sealed with data protection: settings hold API keys and passwords.</summary>
    public required string SealedValue { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
