using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry clients block|unblock|list</c>: clients the gateway refuses on every route of an app.</summary>
public static class ClientsCommand
{
    public static Command Create()
    {
        var command = new Command("clients", "Block and unblock an app's clients at the gateway: by API key id, JWT subject or IP address.");
        command.Subcommands.Add(Block());
        command.Subcommands.Add(Unblock());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Block()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var key = new Option<string>("--key") { Description = "An API key id (from 'gantry keys list')" };
        var subject = new Option<string>("--subject") { Description = "A JWT subject ('sub' claim)" };
        var ip = new Option<string>("--ip") { Description = "An IP address" };
        var command = new Command("block", ApiCommand.Describe(
            "Block a client on every route of the app; it gets 403 from the next request on.",
            "gantry clients block shop --subject user-42",
            "gantry clients block shop --ip 203.0.113.9"))
        {
            app, key, subject, ip,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var given = new[] { ("key", parse.GetValue(key)), ("subject", parse.GetValue(subject)), ("ip", parse.GetValue(ip)) }
                .Where(g => g.Item2 is not null).ToList();
            if (given.Count != 1)
            {
                Printer.Fail("give exactly one of --key, --subject or --ip");
                return ExitCodes.InvalidInput;
            }

            var block = await client.BlockAsync(parse.GetValue(app)!, given[0].Item1, given[0].Item2!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(block);
            }
            else
            {
                Printer.Line($"blocked {block.Kind} {Printer.Escape(block.Value)} on {Printer.Escape(block.App)} (block {block.Id})");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Unblock()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var id = new Argument<long>("block-id") { Description = "The block's id (from 'gantry clients list')" };
        var command = new Command("unblock", ApiCommand.Describe("Lift a block.", "gantry clients unblock shop 3"))
        {
            app, id,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var name = parse.GetValue(app)!;
            var blockId = parse.GetValue(id).ToString(CultureInfo.InvariantCulture);
            await client.DeleteAsync($"api/v1/apps/{name}/blocks/{blockId}", ct);
            Printer.Line($"unblocked block {blockId} of {Printer.Escape(name)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("list", ApiCommand.Describe("List the app's blocked clients.", "gantry clients list shop", "gantry clients list shop --json"))
        {
            app,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var blocks = await client.BlocksAsync(parse.GetValue(app)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(blocks);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "KIND", "VALUE", "SINCE");
            foreach (var block in blocks)
            {
                table.AddRow(block.Id.ToString(CultureInfo.InvariantCulture), block.Kind, Printer.Escape(block.Value), Printer.Ago(block.CreatedAt));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }
}
