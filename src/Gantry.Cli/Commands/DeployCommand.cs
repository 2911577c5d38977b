using System.CommandLine;
using Gantry.AppModel.Compose;
using Gantry.AppModel.Loading;
using Gantry.Cli.Bundling;
using Gantry.Cli.Client;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry deploy -f FILE</c>: validates the app locally, uploads it with its sources, and optionally follows the rollout.</summary>
public static class DeployCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file", "-f")
        {
            Description = "The app to deploy: a gantry.yaml or a Score file (score.dev/v1b1). Uploaded with the files it names and the folders of workloads built from source (image: .).",
        };
        var app = new Argument<string?>("app") { Description = "With --git: the connected app to deploy from its repository", Arity = ArgumentArity.ZeroOrOne };
        var git = new Option<string?>("--git")
        {
            Description = "Deploy APP from its connected repository (gantry apps connect): the branch's head, or the branch, tag or commit given",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var wait = new Option<bool>("--wait", "-w") { Description = "Wait until the release is live or has failed, showing progress; exit 1 if it failed" };
        var timeout = new Option<string>("--timeout") { Description = "How long --wait waits (e.g. 90s, 5m)", DefaultValueFactory = _ => "10m" };
        var profiles = new Option<string[]>("--profile") { Description = "For a compose file: also deploy the services of this profile (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var provision = new Option<bool>("--provision") { Description = "For a compose file: its postgres, mysql/mariadb, redis, rabbitmq and minio services become resources the platform provisions" };

        var command = new Command("deploy", ApiCommand.Describe(
            "Deploy an app: creates a new release and rolls it out with zero downtime.",
            "gantry deploy -f samples/hello/gantry.yaml --wait",
            "gantry deploy -f score.yaml --json",
            "gantry deploy -f compose.yaml --provision --wait",
            "gantry deploy shop --git --wait",
            "gantry deploy shop --git v1.4.2"))
        {
            app, file, wait, timeout, profiles, provision, git,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            if (!Durations.TryParse(parse.GetValue(timeout)!, out var waitFor))
            {
                Printer.Fail($"--timeout: '{parse.GetValue(timeout)}' is not a duration (e.g. 90s, 5m)");
                return ExitCodes.InvalidInput;
            }

            var json = parse.GetValue(CommonOptions.Json);
            var fromGit = parse.GetResult(git) is not null;
            var appName = parse.GetValue(app);
            if (fromGit != appName is not null || (fromGit && parse.GetValue(file) is not null))
            {
                Printer.Fail("give either --file FILE, or an app and --git [REF] to deploy it from its connected repository");
                return ExitCodes.InvalidInput;
            }

            if (fromGit)
            {
                var fromRepository = await client.DeployGitAsync(appName!, parse.GetValue(git), ct);
                return await FinishAsync(client, fromRepository, parse.GetValue(wait), waitFor, json, ct);
            }

            if (parse.GetValue(file) is not { } path)
            {
                Printer.Fail("--file: give the app's gantry.yaml, Score or compose file (or an app and --git)");
                return ExitCodes.InvalidInput;
            }

            if (!path.Exists)
            {
                Printer.Fail($"--file: {path} does not exist");
                return ExitCodes.InvalidInput;
            }

            var root = path.DirectoryName!;
            var appFiles = new RecordingAppFiles(new DirectoryAppFiles(root));
            var catalog = await ServerCatalog.FetchAsync(client, ct);
            // A compose file without 'name:' is named after its folder, as Compose does; the server is told the name.
            var compose = new ComposeImportOptions(new DirectoryInfo(root).Name, parse.GetValue(provision)) { Profiles = [.. parse.GetValue(profiles) ?? []] };
            var loaded = AppLoader.Load(appFiles, path.Name, AppLoadOptions.Local with { Provisioners = catalog, Compose = compose });
            if (!loaded.Succeeded)
            {
                var shown = Path.GetRelativePath(Environment.CurrentDirectory, root);
                Printer.Fail($"{path.Name} is invalid ({loaded.Errors.Length} error{(loaded.Errors.Length == 1 ? "" : "s")}); nothing was deployed:");
                foreach (var error in loaded.Errors)
                {
                    Printer.Error.WriteLine($"  {(shown == "." ? "" : shown + "/")}{error}");
                }

                return ExitCodes.InvalidInput;
            }

            foreach (var warning in loaded.Warnings)
            {
                Printer.Error.WriteLine($"warning: {warning}");
            }

            var buildContexts = loaded.App.Workloads.SelectMany(w => w.Containers).Select(c => c.BuildContext).OfType<string>();
            var contents = AppBundle.ForApp(root, appFiles.Found, buildContexts);
            if (!buildContexts.Any() && LeftOutNote.For(root, contents) is { } note)
            {
                Printer.Error.WriteLine($"note: {note}");
            }

            var (accepted, exit) = await UploadAsync(client, path.Name, contents, json, ct, compose with { ProjectName = loaded.App.Name });
            return accepted is null ? exit : await FinishAsync(client, accepted, parse.GetValue(wait), waitFor, json, ct);
        }));
        return command;
    }

    /// <summary>Says the release was created, then follows it (--wait) or says how to.</summary>
    private static async Task<int> FinishAsync(GantryClient client, DeployAccepted accepted, bool wait, TimeSpan waitFor, bool json, CancellationToken ct)
    {
        if (!json)
        {
            Printer.Line($"release [bold]{accepted.Release}[/] of [bold]{Printer.Escape(accepted.App)}[/] created");
        }

        if (wait)
        {
            return await ReleaseFollower.FollowAsync(client, accepted.App, accepted.Release, waitFor, json, ct);
        }

        if (json)
        {
            Printer.Json(accepted);
        }
        else
        {
            Printer.Line($"follow it with [bold]gantry status {Printer.Escape(accepted.App)}[/], or deploy with --wait");
        }

        return ExitCodes.Success;
    }

    /// <summary>Packs and uploads the files; the bundle is deleted as soon as the server has it.</summary>
    private static async Task<(DeployAccepted? Accepted, int ExitCode)> UploadAsync(GantryClient client, string entry, BundleContents contents, bool json, CancellationToken ct, ComposeImportOptions? compose = null)
    {
        Warn(contents.Warnings);
        if (UploadCheck.Refusal(contents, UploadLimits.Default) is { } tooMuch)
        {
            Printer.Fail(tooMuch);
            return (null, ExitCodes.InvalidInput);
        }

        WrittenBundle bundle;
        try
        {
            bundle = await AppBundle.WriteAsync(contents, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Printer.Fail($"the app's files could not be packed for upload: {ex.Message}");
            return (null, ExitCodes.Failed);
        }

        await using (bundle)
        {
            Warn(bundle.Warnings);
            if (UploadCheck.Refusal(bundle, UploadLimits.Default) is { } tooLarge)
            {
                Printer.Fail(tooLarge);
                return (null, ExitCodes.InvalidInput);
            }

            if (!json)
            {
                Printer.Line(Printer.Escape($"uploading {bundle.Files} file{(bundle.Files == 1 ? "" : "s")} ({ByteSize.Format(bundle.Bytes)})"));
            }

            return (await client.DeployAsync(entry, bundle.Stream, ct, compose), ExitCodes.Success);
        }
    }

    private static void Warn(IEnumerable<string> warnings)
    {
        foreach (var warning in warnings)
        {
            Printer.Error.WriteLine($"warning: {warning}");
        }
    }
}
