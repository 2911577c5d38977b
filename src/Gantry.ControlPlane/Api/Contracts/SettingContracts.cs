namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>
/// A setting an app's environment resources read. Its value is shown only when revealed; the fingerprint tells a
/// changed value from an unchanged one without showing either.
/// </summary>
/// <param name="Scope">'app' (the app's own) or 'platform' (every app's, unless the app sets the key itself).</param>
public sealed record SettingInfo(string Key, string Scope, string Fingerprint, string? Value, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>Keys to set (a value) or unset (null), in one change.</summary>
public sealed record SettingsRequest(Dictionary<string, string?>? Values);
