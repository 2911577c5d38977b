using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry gateways list</c>: the gateways the control plane feeds, the version each serves and when it last spoke.</summary>
public static class GatewaysCommand
{
    public static Command Create()
    {
        var list = new Command("list", ApiCommand.Describe(
            "List the gateways this control plane feeds: connected or not, the configuration version each serves, how many versions behind it is (LAG), ready or not, last contact, and what it last refused.",
            "gantry gateways list",
            "gantry gateways list --json"));
        list.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var gateways = await client.GatewaysAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(gateways);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "STATE", "VERSION", "LAG", "READY", "LAST CONTACT", "LISTEN", "REQUESTS", "PROBLEM");
            foreach (var g in gateways)
            {
                table.AddRow(
                    Printer.Escape(g.Name),
                    g.Connected ? "[green]connected[/]" : "[yellow]away[/]",
                    g.Version.ToString(CultureInfo.InvariantCulture),
                    g.Lag == 0 ? "0" : $"[yellow]{g.Lag}[/]",
                    g.Ready ? "yes" : "[red]no[/]",
                    Printer.Ago(g.LastContact),
                    Printer.Escape(g.Listen ?? "-"),
                    g.Requests.ToString(CultureInfo.InvariantCulture),
                    Printer.Escape(g.Problem ?? ""));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return new Command("gateways", ApiCommand.Describe(
            "The gateways that serve app traffic with the configuration this control plane streams to them.",
            "gantry gateways list"))
        {
            list,
        };
    }
}
