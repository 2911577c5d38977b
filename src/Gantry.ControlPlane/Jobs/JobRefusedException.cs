namespace Gantry.ControlPlane.Jobs;

/// <summary>A job request that cannot be done, with the HTTP status the API answers it with.</summary>
public sealed class JobRefusedException(string message, int status = StatusCodes.Status409Conflict) : Exception(message)
{
    public int Status { get; } = status;

    public static JobRefusedException NotFound(string app, string job, IEnumerable<string> jobs)
    {
        var names = jobs.ToList();
        var known = names.Count == 0 ? "it has no jobs" : $"its jobs: {string.Join(", ", names)}";
        return new($"app '{app}' has no job '{job}' in its serving release; {known}", StatusCodes.Status404NotFound);
    }
}
