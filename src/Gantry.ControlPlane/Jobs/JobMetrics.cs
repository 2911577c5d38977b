using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gantry.ControlPlane.Jobs;

/// <summary>Job runs by outcome and their durations, tagged with app and job, for any System.Diagnostics.Metrics listener.</summary>
public static class JobMetrics
{
    public const string MeterName = "Gantry.Jobs";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Runs that ended, tagged <c>outcome</c>: succeeded, failed, skipped or missed.</summary>
    public static Counter<long> Runs { get; } = Meter.CreateCounter<long>("gantry.jobs.runs", description: "Job runs that ended, by outcome");

    public static Histogram<double> Duration { get; } = Meter.CreateHistogram<double>("gantry.jobs.duration", unit: "s", description: "How long job runs took, from start to exit");

    public static void Ended(string app, string job, string outcome, TimeSpan? duration)
    {
        var tags = new TagList { { "app", app }, { "job", job }, { "outcome", outcome } };
        Runs.Add(1, tags);
        if (duration is { } took)
        {
            Duration.Record(took.TotalSeconds, tags);
        }
    }
}
