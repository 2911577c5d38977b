using Gantry.Cli.Client;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.Cli.Commands;

/// <summary>Follows a release until it succeeds or fails, printing its progress (build, start, ready, traffic shifted) as it happens.</summary>
public static class ReleaseFollower
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);

    /// <summary>Exit code 0 when the release went live, 1 when it failed, was superseded or did not finish within <paramref name="timeout"/>.</summary>
    public static async Task<int> FollowAsync(GantryClient client, string app, int release, TimeSpan timeout, bool json, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var printed = new HashSet<long>();
        var bar = new ProgressBar();
        while (true)
        {
            var detail = await client.ReleaseAsync(app, release, ct);
            if (!json)
            {
                // The deploy command printed its files' warnings before uploading them; the server's copies are for the console.
                foreach (var e in detail.Events.Where(e => e.Kind != "release.warning" && printed.Add(e.Id)))
                {
                    Printer.Line($"  [grey]{e.Time.ToLocalTime():HH:mm:ss}[/] {Printer.Escape(e.Message)}");
                }

                if (detail.Activity is { } activity && bar.Next(activity.Text, activity.Fraction) is { } line)
                {
                    Printer.Line($"  [grey]{DateTimeOffset.Now:HH:mm:ss}[/] {Printer.Escape(line)}");
                }
            }

            var status = detail.Release.Status;
            if (status is "Succeeded" or "Failed" or "Superseded")
            {
                return Finish(app, detail, (await client.AppAsync(app, ct)).App, json);
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                if (json)
                {
                    Printer.Json(detail);
                }

                Printer.Fail($"release {release} of {app} is still {status} after {timeout.TotalSeconds:0}s; follow it with 'gantry status {app}'");
                return ExitCodes.Failed;
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private static int Finish(string app, ReleaseDetail detail, AppSummary summary, bool json)
    {
        var release = detail.Release;
        if (json)
        {
            Printer.Json(detail);
        }
        else if (release.Status == "Succeeded")
        {
            Printer.Line($"[green]release {release.Number} of {Printer.Escape(app)} is live[/]");
            foreach (var url in summary.Urls)
            {
                Printer.Line($"  {Printer.Escape(url)}");
            }
        }
        else
        {
            Printer.Fail($"release {release.Number} of {app} {release.Status.ToLowerInvariant()}: {release.Reason ?? "a newer release replaced it"}");
            Printer.Error.WriteLine(summary.CurrentRelease is { } serving
                ? $"release {serving} keeps serving; see 'gantry releases {app}'"
                : $"no release of {app} is serving yet; see 'gantry status {app}'");
        }

        return release.Status == "Succeeded" ? ExitCodes.Success : ExitCodes.Failed;
    }
}
