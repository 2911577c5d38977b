using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Client;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry releases APP [NUMBER] [--reveal]</c>: the release history, or one release with its variables (secrets hidden unless revealed).</summary>
public static class ReleasesCommand
{
    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var number = new Argument<int?>("number") { Description = "One release to show in full", Arity = ArgumentArity.ZeroOrOne };
        var reveal = new Option<bool>("--reveal")
        {
            Description = "With NUMBER: print the release's secret values instead of their fingerprints (recorded as an event naming you)",
        };
        var command = new Command("releases", ApiCommand.Describe(
            "List an app's releases, newest first: who made each, when, from what, and how it ended (with the reason when it failed). " +
            "With a release number, show that release: its workloads, images and variables, secret values hidden as (secret, fingerprint …).",
            "gantry releases hello",
            "gantry releases hello --json",
            "gantry releases hello 3",
            "gantry releases hello 3 --reveal"))
        {
            app, number, reveal,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var name = parse.GetValue(app)!;
            var json = parse.GetValue(CommonOptions.Json);
            if (parse.GetValue(number) is not { } release)
            {
                if (parse.GetValue(reveal))
                {
                    Printer.Fail("--reveal: name the release whose secrets to show, for example 'gantry releases hello 3 --reveal'");
                    return ExitCodes.InvalidInput;
                }

                return await ListAsync(client, name, json, ct);
            }

            return parse.GetValue(reveal)
                ? await RevealAsync(client, name, release, json, ct)
                : await ShowAsync(client, name, release, json, ct);
        }));
        return command;
    }

    private static async Task<int> ListAsync(GantryClient client, string app, bool json, CancellationToken ct)
    {
        var releases = await client.ReleasesAsync(app, ct);
        if (json)
        {
            Printer.Json(releases);
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("#", "STATUS", "CREATED", "BY", "SOURCE", "REASON");
        foreach (var r in releases)
        {
            table.AddRow(
                r.Number.ToString(CultureInfo.InvariantCulture) + (r.Current ? " [green]*[/]" : ""),
                Printer.StatusMarkup(r.Status),
                Printer.Ago(r.CreatedAt),
                Printer.Escape(r.CreatedBy),
                Printer.Escape(r.Source),
                Printer.Escape(r.Reason ?? ""));
        }

        Printer.Out.Write(table);
        Printer.Line("[grey]* serving now[/]");
        return ExitCodes.Success;
    }

    private static async Task<int> ShowAsync(GantryClient client, string app, int number, bool json, CancellationToken ct)
    {
        var detail = await client.ReleaseAsync(app, number, ct);
        if (json)
        {
            Printer.Json(detail);
            return ExitCodes.Success;
        }

        var r = detail.Release;
        Printer.Line($"release [bold]{r.Number}[/] of [bold]{Printer.Escape(app)}[/]: {Printer.StatusMarkup(r.Status)}{(r.Current ? " [green](serving)[/]" : "")}");
        Printer.Line($"  created {Printer.Ago(r.CreatedAt)} by {Printer.Escape(r.CreatedBy)} from {Printer.Escape(r.Source)}");
        if (r.Commit is { } commit)
        {
            Printer.Line($"  commit {Printer.Escape(Commits.Line(commit))}");
        }

        if (r.Reason is { } reason)
        {
            Printer.Line($"  [red]{Printer.Escape(reason)}[/]");
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("WORKLOAD", "CONTAINER", "IMAGE", "VARIABLE", "VALUE");
        foreach (var workload in detail.Spec.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                var image = r.Images.GetValueOrDefault(workload.Name, container.Image);
                var variables = container.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
                if (variables.Count == 0)
                {
                    table.AddRow(Printer.Escape(workload.Name), Printer.Escape(container.Name), Printer.Escape(image), "", "");
                }

                foreach (var (variable, value) in variables)
                {
                    table.AddRow(Printer.Escape(workload.Name), Printer.Escape(container.Name), Printer.Escape(image), Printer.Escape(variable), Printer.Escape(value));
                }
            }
        }

        Printer.Out.Write(table);
        return ExitCodes.Success;
    }

    private static async Task<int> RevealAsync(GantryClient client, string app, int number, bool json, CancellationToken ct)
    {
        var revealed = await client.RevealSecretsAsync(app, number, ct);
        if (json)
        {
            Printer.Json(revealed);
            return ExitCodes.Success;
        }

        if (revealed.Secrets.Count == 0)
        {
            Printer.Line($"release {number} of {Printer.Escape(app)} has no secret values");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("WORKLOAD", "CONTAINER", "NAME", "VALUE");
        foreach (var secret in revealed.Secrets)
        {
            table.AddRow(Printer.Escape(secret.Workload), Printer.Escape(secret.Container), Printer.Escape(secret.Name), Printer.Escape(secret.Value));
        }

        Printer.Out.Write(table);
        Printer.Error.WriteLine("this reveal is recorded in the app's events");
        return ExitCodes.Success;
    }
}
