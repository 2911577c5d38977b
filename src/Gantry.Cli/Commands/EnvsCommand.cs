using System.CommandLine;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry envs set|list|remove|releases</c>: environments (dev, staging, prod…) mapped to targets.</summary>
public static class EnvsCommand
{
    public static Command Create()
    {
        var command = new Command("envs", "Environments (dev, staging, prod…) and the target each deploys to; 'local' is this machine.");
        command.Subcommands.Add(Set());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Releases());
        return command;
    }

    private static Command Set()
    {
        var name = new Argument<string>("name") { Description = "The environment, for example staging" };
        var target = new Option<string>("--target") { Description = "A target from 'gantry targets list', or local", Required = true };
        var command = new Command("set", ApiCommand.Describe(
            "Create an environment or map it to another target.",
            "gantry envs set staging --target config",
            "gantry envs set prod --target prod-cluster"))
        {
            name, target,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var saved = await client.SaveEnvironmentAsync(parse.GetValue(name)!, parse.GetValue(target)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(saved);
            }
            else
            {
                Printer.Line($"environment [bold]{Printer.Escape(saved.Name)}[/] deploys to {Printer.Escape(saved.Target)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", ApiCommand.Describe("List the environments and their targets.", "gantry envs list", "gantry envs list --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var environments = await client.EnvironmentsAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(environments);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("ENVIRONMENT", "TARGET", "KIND");
            foreach (var e in environments)
            {
                table.AddRow(Printer.Escape(e.Name), Printer.Escape(e.Target), Printer.Escape(e.TargetKind));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The environment" };
        var command = new Command("remove", ApiCommand.Describe("Remove an environment (what runs there is left alone).", "gantry envs remove dev")) { name };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            await client.DeleteAsync($"api/v1/environments/{Uri.EscapeDataString(parse.GetValue(name)!)}", ct);
            Printer.Line($"removed environment {Printer.Escape(parse.GetValue(name))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Releases()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("releases", ApiCommand.Describe("List an app's releases in every environment.", "gantry envs releases shop", "gantry envs releases shop --json")) { app };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var releases = await client.EnvironmentReleasesAsync(parse.GetValue(app)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(releases);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("ENVIRONMENT", "RELEASE", "FROM", "STATUS", "MESSAGE");
            foreach (var r in releases)
            {
                table.AddRow(Printer.Escape(r.Environment), r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Printer.Escape(r.Origin),
                    Printer.StatusMarkup(r.Status), Printer.Escape(r.Message));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }
}
