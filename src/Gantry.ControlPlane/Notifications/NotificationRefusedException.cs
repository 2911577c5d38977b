namespace Gantry.ControlPlane.Notifications;

/// <summary>A destination request that cannot be saved; the message names the field.</summary>
public sealed class NotificationRefusedException(string message) : Exception(message);
