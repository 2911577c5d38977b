using System.CommandLine;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry keys create|list|revoke</c>: API keys for an app's routes with <c>auth: apiKeys: true</c>.</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage API keys that clients send as 'X-Api-Key' to routes with 'auth: { apiKeys: true }'.");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(RevokeKey());
        return command;
    }

    private static Command CreateKey()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var name = new Argument<string>("name") { Description = "What the key is for, for example 'mobile-app'" };
        var roles = new Option<string[]>("--role") { Description = "A role of the key's holder (tiers and access rules match it); repeatable", AllowMultipleArgumentsPerToken = false };
        var command = new Command("create", ApiCommand.Describe(
            "Create an API key. The key is printed once: Gantry keeps only its hash.",
            "gantry keys create shop mobile-app --role member",
            "gantry keys create shop partner --role invited --json"))
        {
            app, name, roles,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var created = await client.CreateKeyAsync(parse.GetValue(app)!, parse.GetValue(name)!, parse.GetValue(roles) ?? [], ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(created);
                return ExitCodes.Success;
            }

            Printer.Line($"created key [bold]{Printer.Escape(created.Info.Id)}[/] ({Printer.Escape(created.Info.Name)}) for {Printer.Escape(created.Info.App)}");
            Printer.Text(created.Key);
            Printer.Line("[grey]Store it now: it is not shown again. Clients send it as 'X-Api-Key'.[/]");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ListKeys()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("list", ApiCommand.Describe("List an app's API keys (never the keys themselves).", "gantry keys list shop", "gantry keys list shop --json"))
        {
            app,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var keys = await client.KeysAsync(parse.GetValue(app)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(keys);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "NAME", "ROLES", "CREATED", "STATE");
            foreach (var key in keys)
            {
                table.AddRow(
                    Printer.Escape(key.Id), Printer.Escape(key.Name), Printer.Escape(string.Join(",", key.Roles)), Printer.Ago(key.CreatedAt),
                    key.RevokedAt is { } revoked ? $"[red]revoked[/] {Printer.Ago(revoked)}" : "[green]active[/]");
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command RevokeKey()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var id = new Argument<string>("id") { Description = "The key's id (from 'gantry keys list')" };
        var command = new Command("revoke", ApiCommand.Describe("Revoke a key: the gateway refuses it from the next request on.", "gantry keys revoke shop key_3f2a9c1b0d4e"))
        {
            app, id,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var name = parse.GetValue(app)!;
            await client.DeleteAsync($"api/v1/apps/{name}/keys/{Uri.EscapeDataString(parse.GetValue(id)!)}", ct);
            Printer.Line($"revoked {Printer.Escape(parse.GetValue(id))} of {Printer.Escape(name)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
