namespace Gantry.ControlPlane.Notifications;

/// <summary>How one attempt went: delivered, failed for now (tried again later) or refused for good.</summary>
public sealed record DeliveryResult(bool Delivered, string Detail, bool Permanent = false, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Ok(int status) => new(true, $"answered {status}");
}
