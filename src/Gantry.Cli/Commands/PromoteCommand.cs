using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry promote APP --from dev --to prod</c>: the same release spec, deployed to the next environment.</summary>
public static class PromoteCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var from = new Option<string>("--from") { Description = "Where the release comes from: local (this machine's serving release) or an environment", Required = true };
        var to = new Option<string>("--to") { Description = "The environment to deploy it to", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the promotion has started instead of following it" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait (e.g. 90s, 10m)", DefaultValueFactory = _ => "15m" };
        var command = new Command("promote", ApiCommand.Describe(
            "Deploy the release serving in one environment to another: applied to a cluster, committed to a GitOps repository, or run on this machine.",
            "gantry promote shop --from local --to staging",
            "gantry promote shop --from staging --to prod --json"))
        {
            app, from, to, noWait, timeout,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            if (!Durations.TryParse(parse.GetValue(timeout)!, out var waitFor))
            {
                Printer.Fail($"--timeout: '{parse.GetValue(timeout)}' is not a duration (e.g. 90s, 10m)");
                return ExitCodes.InvalidInput;
            }

            var json = parse.GetValue(CommonOptions.Json);
            var accepted = await client.PromoteAsync(parse.GetValue(app)!, parse.GetValue(from)!, parse.GetValue(to)!, ct);
            if (accepted.Environment == "local")
            {
                if (!json)
                {
                    Printer.Line($"promoting to this machine as release [bold]{accepted.Release}[/]");
                }

                return parse.GetValue(noWait) ? Done(accepted, json) : await ReleaseFollower.FollowAsync(client, accepted.App, accepted.Release, waitFor, json, ct);
            }

            if (!json)
            {
                Printer.Line($"promoting {Printer.Escape(accepted.App)} to {Printer.Escape(accepted.Environment)} as release [bold]{accepted.Release}[/]");
            }

            if (parse.GetValue(noWait))
            {
                return Done(accepted, json);
            }

            var deadline = DateTimeOffset.UtcNow + waitFor;
            string? shown = null;
            while (true)
            {
                var release = await client.EnvironmentReleaseAsync(accepted.App, accepted.Environment, accepted.Release, ct);
                if (release.Status != "InProgress")
                {
                    return Finish(release, json);
                }

                if (!json && release.Message is { } step && step != shown)
                {
                    Printer.Line($"  [grey]{DateTimeOffset.Now:HH:mm:ss}[/] {Printer.Escape(step)}");
                    shown = step;
                }

                if (DateTimeOffset.UtcNow > deadline)
                {
                    Printer.Fail($"{accepted.Environment} release {accepted.Release} did not finish within {parse.GetValue(timeout)}; see 'gantry envs releases {accepted.App}'");
                    return ExitCodes.Failed;
                }

                await Task.Delay(PollInterval, ct);
            }
        }));
        return command;
    }

    private static int Done(PromotionAccepted accepted, bool json)
    {
        if (json)
        {
            Printer.Json(accepted);
        }

        return ExitCodes.Success;
    }

    private static int Finish(EnvironmentReleaseInfo release, bool json)
    {
        if (json)
        {
            Printer.Json(release);
        }
        else if (release.Status == "Succeeded")
        {
            Printer.Line($"[green]{Printer.Escape(release.Environment)} release {release.Number} succeeded[/]: {Printer.Escape(release.Message)}");
        }
        else
        {
            Printer.Fail($"{release.Environment} release {release.Number} {release.Status.ToLowerInvariant()}: {release.Message}");
        }

        return release.Status == "Succeeded" ? ExitCodes.Success : ExitCodes.Failed;
    }
}
