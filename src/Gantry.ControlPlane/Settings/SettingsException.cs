namespace Gantry.ControlPlane.Settings;

/// <summary>A settings change refused as a whole, with the status and the reason to answer.</summary>
public sealed class SettingsException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
