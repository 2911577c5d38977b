using Gantry.ControlPlane.Api;

namespace Gantry.ControlPlane.Targets;

/// <summary>A request about targets, environments or promotions that cannot be carried out; the status is the API's answer.</summary>
public sealed class EnvironmentException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>What <paramref name="work"/> made, or its refusal: for the console, which shows it as the API answers it.</summary>
    public static async Task<Outcome<T>> CatchAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (EnvironmentException e)
        {
            return new Refusal((RefusalKind)e.Status, e.Message);
        }
    }
}
