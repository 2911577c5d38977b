using System.CommandLine;
using Gantry.Cli.Client;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry config list|set|unset</c>: the settings an app's environment resources read (<c>${resources.env.KEY}</c>).</summary>
public static class ConfigCommand
{
    private static readonly Option<bool> Platform = new("--platform") { Description = "The platform's settings, which every app sees unless it sets the key itself" };

    public static Command Create() => new("config", ApiCommand.Describe(
        "Settings that apps read through an environment resource (resources: env: {type: environment}, then ${resources.env.API_KEY}): "
        + "per app, or for every app with --platform. Values are stored encrypted and shown only with --reveal; apps see a change with their next deploy.",
        "gantry config set shop API_KEY=abc123 LOG_LEVEL=debug",
        "gantry config list shop",
        "gantry config set --platform SMTP_HOST=mail.internal"))
    {
        List(),
        Set(),
        Unset(),
    };

    private static Command List()
    {
        var app = new Argument<string?>("app") { Description = "The app (leave out with --platform)", Arity = ArgumentArity.ZeroOrOne };
        var reveal = new Option<bool>("--reveal") { Description = "Print the values instead of their fingerprints; recorded as an event naming you" };
        var command = new Command("list", ApiCommand.Describe(
            "List the settings an app sees (its own, then the platform's) or the platform's: keys, where each comes from, fingerprints.",
            "gantry config list shop",
            "gantry config list shop --reveal --json",
            "gantry config list --platform"))
        {
            app, reveal, Platform,
        };
        command.SetAction((parse, ct) => Scoped(parse, parse.GetValue(app), async (client, scope) =>
        {
            var settings = await client.SettingsAsync(scope, parse.GetValue(reveal), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(settings);
                return ExitCodes.Success;
            }

            if (settings.Count == 0)
            {
                Printer.Text(scope is null
                    ? "the platform has no settings; add one with 'gantry config set --platform KEY=VALUE'"
                    : $"{scope} has no settings; add one with 'gantry config set {scope} KEY=VALUE'");
                return ExitCodes.Success;
            }

            Printer.Out.Write(Table(settings, parse.GetValue(reveal)));
            if (parse.GetValue(reveal))
            {
                Printer.Error.WriteLine("this reveal is recorded in the events");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Set()
    {
        var items = new Argument<string[]>("items") { Description = "The app, then KEY=VALUE pairs (only the pairs with --platform)", Arity = ArgumentArity.ZeroOrMore };
        var stdin = new Option<string?>("--stdin")
        {
            Description = "Read the value of this key from standard input (one trailing newline dropped): a secret stays out of the command line and the shell's history",
            HelpName = "KEY",
        };
        var command = new Command("set", ApiCommand.Describe(
            "Set one or more settings together; a value may hold '=' and spaces (quote it for the shell). Apps see them with their next deploy.",
            "gantry config set shop API_KEY=abc123",
            "gantry config set shop --stdin STRIPE_KEY < stripe-key.txt",
            "gantry config set --platform SMTP_HOST=mail.internal SMTP_PORT=587"))
        {
            items, Platform, stdin,
        };
        command.SetAction((parse, ct) =>
        {
            (string, string?)? piped = parse.GetValue(stdin) is { } key ? (key, ReadValue(Console.In.ReadToEnd())) : null;
            return Change(parse, parse.GetValue(items)!, item =>
                item.IndexOf('=') is var equals and > 0 ? (item[..equals], item[(equals + 1)..]) : null, "KEY=VALUE", ct, piped);
        });
        return command;
    }

    private static Command Unset()
    {
        var items = new Argument<string[]>("items") { Description = "The app, then the keys (only the keys with --platform)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("unset", ApiCommand.Describe(
            "Remove one or more settings; an app that still reads one fails its next deploy naming it.",
            "gantry config unset shop API_KEY",
            "gantry config unset --platform SMTP_PORT"))
        {
            items, Platform,
        };
        command.SetAction((parse, ct) => Change(parse, parse.GetValue(items)!, item => item.Contains('=') ? null : (item, (string?)null), "KEY", ct));
        return command;
    }

    /// <summary>What was piped in, without the newline that ends a file or an echo.</summary>
    private static string ReadValue(string input) =>
        input.EndsWith("\r\n", StringComparison.Ordinal) ? input[..^2] : input.EndsWith('\n') ? input[..^1] : input;

    /// <param name="piped">A key and its value from standard input (set --stdin), beside the ones on the command line.</param>
    private static Task<int> Change(
        ParseResult parse, string[] items, Func<string, (string Key, string? Value)?> read, string form, CancellationToken ct, (string Key, string? Value)? piped = null)
    {
        var platform = parse.GetValue(Platform);
        if (!platform && items.Length == 0)
        {
            Printer.Fail("name the app, or give --platform");
            return Task.FromResult(ExitCodes.InvalidInput);
        }

        var app = platform ? null : items[0];
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (piped is { } fromStdin)
        {
            values[fromStdin.Key] = fromStdin.Value;
        }

        foreach (var item in platform ? items : items[1..])
        {
            if (read(item) is not { } pair)
            {
                Printer.Fail($"'{item}' is not {form}{(platform || items.Length > 1 ? "" : "; give the app first, or --platform")}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            if (!values.TryAdd(pair.Key, pair.Value))
            {
                Printer.Fail($"{pair.Key} is given twice{(piped?.Key == pair.Key ? " (on the command line and with --stdin)" : "")}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }
        }

        if (values.Count == 0)
        {
            Printer.Fail($"give at least one {form} after the app");
            return Task.FromResult(ExitCodes.InvalidInput);
        }

        return Scoped(parse, app, async (client, scope) =>
        {
            var settings = await client.ChangeSettingsAsync(scope, values, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(settings);
                return ExitCodes.Success;
            }

            var set = values.Where(v => v.Value is not null).Select(v => v.Key).ToList();
            var unset = values.Where(v => v.Value is null).Select(v => v.Key).ToList();
            var whose = scope is null ? "the platform" : scope;
            Printer.Line(Printer.Escape(string.Join("; ", new[]
            {
                set.Count > 0 ? $"set {string.Join(", ", set)}" : null,
                unset.Count > 0 ? $"unset {string.Join(", ", unset)}" : null,
            }.OfType<string>()) + $" for {whose}"));
            Printer.Text(scope is null ? "apps see the change with their next deploy" : $"{scope} sees the change with its next deploy");
            return ExitCodes.Success;
        });
    }

    /// <summary>Runs with the app the arguments name, or none with --platform; exactly one of the two.</summary>
    private static Task<int> Scoped(ParseResult parse, string? app, Func<GantryClient, string?, Task<int>> body)
    {
        if (parse.GetValue(Platform) == (app is not null))
        {
            Printer.Fail(app is null ? "name the app, or give --platform for the platform's settings" : "give the app or --platform, not both");
            return Task.FromResult(ExitCodes.InvalidInput);
        }

        return ApiCommand.RunAsync(parse, client => body(client, app));
    }

    private static Table Table(IEnumerable<SettingInfo> settings, bool revealed)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("KEY", revealed ? "VALUE" : "FINGERPRINT", "FROM", "UPDATED", "BY");
        foreach (var s in settings)
        {
            table.AddRow(Printer.Escape(s.Key), Printer.Escape(revealed ? s.Value ?? "" : s.Fingerprint), Printer.Escape(s.Scope),
                s.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), Printer.Escape(s.UpdatedBy));
        }

        return table;
    }
}
