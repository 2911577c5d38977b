using System.CommandLine;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry domains list|add|remove</c>: the hosts the gateway serves, and custom domains for apps.</summary>
public static class DomainsCommand
{
    public static Command Create()
    {
        var command = new Command("domains", "Hosts the gateway serves with their certificates, and custom domains routed like an app's own host.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", ApiCommand.Describe("List every routed host with its app, certificate and expiry (or why it has none).", "gantry domains list", "gantry domains list --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var domains = await client.DomainsAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(domains);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("HOST", "APP", "KIND", "CERTIFICATE");
            foreach (var d in domains)
            {
                var certificate = d.Certificate is { } c ? $"{c.Source}, {c.DaysLeft} days left" : "[yellow]none yet[/]";
                if (d.Problem is { } problem)
                {
                    certificate += $"\n[yellow]{Printer.Escape(problem)}[/]";
                }

                table.AddRow(Printer.Escape(d.Host), Printer.Escape(d.App), d.Kind == "custom" ? $"custom → {Printer.Escape(d.Target)}" : "route", certificate);
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Add()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var host = new Argument<string>("host") { Description = "The custom domain, for example www.shop.example.com" };
        var target = new Option<string?>("--target") { Description = "Which of the app's hosts it is routed like (default: the app's first host)" };
        var command = new Command("add", ApiCommand.Describe(
            "Route a custom domain to an app, exactly like one of its hosts. Point the domain's DNS at this machine.",
            "gantry domains add shop www.shop.example.com",
            "gantry domains add shop api.example.com --target api.shop.localhost"))
        {
            app, host, target,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var added = await client.AddDomainAsync(parse.GetValue(app)!, parse.GetValue(host)!, parse.GetValue(target), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(added);
            }
            else
            {
                Printer.Line($"{Printer.Escape(added.Host)} is routed like {Printer.Escape(added.Target)} (app {Printer.Escape(added.App)})");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var host = new Argument<string>("host") { Description = "The custom domain" };
        var command = new Command("remove", ApiCommand.Describe("Stop routing a custom domain.", "gantry domains remove shop www.shop.example.com"))
        {
            app, host,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var name = parse.GetValue(app)!;
            await client.DeleteAsync($"api/v1/apps/{name}/domains/{Uri.EscapeDataString(parse.GetValue(host)!)}", ct);
            Printer.Line($"removed {Printer.Escape(parse.GetValue(host))} from {Printer.Escape(name)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
