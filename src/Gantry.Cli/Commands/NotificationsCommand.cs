using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry notifications add|list|remove|test|deliveries|failures|retry</c>: where app events are sent.</summary>
public static class NotificationsCommand
{
    public static Command Create()
    {
        var command = new Command("notifications", "Send app events (failed releases, crashes, failed backups …) to a webhook, Discord, Slack, e-mail or RabbitMQ, delivered at least once with retries.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(Test());
        command.Subcommands.Add(Deliveries());
        command.Subcommands.Add(Failures());
        command.Subcommands.Add(Retry());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The destination's name, for example ops-chat" };
        var webhook = new Option<string?>("--webhook") { Description = "A URL that receives each event as JSON, signed with HMAC SHA-256 (X-Gantry-Signature)" };
        var discord = new Option<string?>("--discord") { Description = "A Discord channel's webhook URL" };
        var slack = new Option<string?>("--slack") { Description = "A Slack incoming-webhook URL" };
        var email = new Option<string?>("--email") { Description = "E-mail addresses, comma-separated, mailed through the server's mail server (gantry up --smtp)" };
        var amqp = new Option<string?>("--amqp") { Description = "A RabbitMQ URL (amqp://USER:PASSWORD@HOST:5672/VHOST); events are published persistent, with confirms, routing key = event type" };
        var exchange = new Option<string?>("--exchange") { Description = "The exchange --amqp publishes to (default: amq.topic)" };
        var events = new Option<string?>("--events") { Description = "Event types or patterns, comma-separated (default: failures and successful releases)" };
        var app = new Option<string?>("--app") { Description = "Only this app's events (default: every app's)" };
        var rotate = new Option<bool>("--rotate-secret") { Description = "Make a new signing secret for a webhook (the old one stops verifying)" };
        var command = new Command("add", ApiCommand.Describe(
            "Add (or change) a destination. A webhook's signing secret is shown once, when made.",
            "gantry notifications add ops --discord https://discord.com/api/webhooks/ID/TOKEN",
            "gantry notifications add ci --webhook https://ci.example.com/gantry --events 'release.*,*.failed' --app shop",
            "gantry notifications add team --slack https://hooks.slack.com/services/T/B/X --events release.failed",
            "gantry notifications add oncall --email ops@example.com,lead@example.com --events '*.failed,instance.crashed'",
            "gantry notifications add bus --amqp amqp://gantry:PASSWORD@rabbit.internal/ops --exchange platform-events --events '*'"))
        {
            name, webhook, discord, slack, email, amqp, exchange, events, app, rotate,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var request = new NotificationDestinationRequest(
                parse.GetValue(webhook), parse.GetValue(discord), parse.GetValue(slack), parse.GetValue(events), parse.GetValue(app), parse.GetValue(rotate) ? true : null, parse.GetValue(email),
                parse.GetValue(amqp), parse.GetValue(exchange));
            var saved = await client.SaveNotificationDestinationAsync(parse.GetValue(name)!, request, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(saved);
                return ExitCodes.Success;
            }

            Printer.Line($"[bold]{Printer.Escape(saved.Name)}[/]: {saved.Kind} {Printer.Escape(saved.Url)} takes {Printer.Escape(saved.Events)}{(saved.App is null ? "" : $" of {Printer.Escape(saved.App)}")}{(saved.Exchange is null ? "" : $" (exchange {Printer.Escape(saved.Exchange)})")}");
            if (saved.Secret is not null)
            {
                Printer.Line($"signing secret (shown once; verify X-Gantry-Signature with it): [bold]{Printer.Escape(saved.Secret)}[/]");
            }

            Printer.Line($"try it: gantry notifications test {Printer.Escape(saved.Name)}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", ApiCommand.Describe("List the destinations and how their deliveries stand.", "gantry notifications list", "gantry notifications list --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var destinations = await client.NotificationDestinationsAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(destinations);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "KIND", "URL", "EVENTS", "APP", "PENDING", "DELIVERED", "FAILED");
            foreach (var d in destinations)
            {
                table.AddRow(Printer.Escape(d.Name), d.Kind, Printer.Escape(d.Url), Printer.Escape(d.Events), Printer.Escape(d.App ?? "(all)"),
                    $"{d.Pending}", $"{d.Delivered}", d.Failed > 0 ? $"[red]{d.Failed}[/]" : "0");
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The destination" };
        var command = new Command("remove", ApiCommand.Describe("Remove a destination and the deliveries still owed to it.", "gantry notifications remove ops")) { name };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            await client.DeleteAsync($"api/v1/notifications/{Uri.EscapeDataString(parse.GetValue(name)!)}", ct);
            Printer.Line($"removed notification destination {Printer.Escape(parse.GetValue(name))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Test()
    {
        var name = new Argument<string>("name") { Description = "The destination" };
        var command = new Command("test", ApiCommand.Describe("Send a notification.test event to a destination now and show how it answered.", "gantry notifications test ops")) { name };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var result = await client.TestNotificationDestinationAsync(parse.GetValue(name)!, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(result);
            }
            else if (result.Delivered)
            {
                Printer.Line($"[green]delivered[/] to {Printer.Escape(result.Destination)}: {Printer.Escape(result.Detail)}");
            }
            else
            {
                Printer.Fail($"{result.Destination} did not take the test event: {result.Detail}");
            }

            return result.Delivered ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    private static Command Deliveries()
    {
        var name = new Argument<string?>("name") { Description = "Only this destination's deliveries", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string?>("--state") { Description = "pending, delivered or failed" };
        var command = new Command("deliveries", ApiCommand.Describe(
            "Show the newest deliveries: what was sent where, attempts and the last error.",
            "gantry notifications deliveries",
            "gantry notifications deliveries ops --state pending --json"))
        {
            name, state,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
            Show(parse, await client.DeliveriesAsync(parse.GetValue(name), parse.GetValue(state), ct), "no deliveries")));
        return command;
    }

    private static Command Failures()
    {
        var name = new Argument<string?>("name") { Description = "Only this destination's failures", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("failures", ApiCommand.Describe(
            "Show deliveries given up on (after the last attempt, or refused by the destination); 'retry' sends them again.",
            "gantry notifications failures",
            "gantry notifications failures ops --json"))
        {
            name,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
            Show(parse, await client.DeliveriesAsync(parse.GetValue(name), "failed", ct), "no failed deliveries")));
        return command;
    }

    private static Command Retry()
    {
        var ids = new Argument<long[]>("id") { Description = "Failed deliveries to send again (default: all, or the destination's)", Arity = ArgumentArity.ZeroOrMore };
        var destination = new Option<string?>("--destination") { Description = "Only this destination's failures" };
        var command = new Command("retry", ApiCommand.Describe(
            "Send failed deliveries again, with a fresh count of attempts.",
            "gantry notifications retry",
            "gantry notifications retry 41 42",
            "gantry notifications retry --destination ops"))
        {
            ids, destination,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var result = await client.RetryNotificationsAsync(new NotificationRetryRequest(parse.GetValue(ids) is { Length: > 0 } given ? given : null, parse.GetValue(destination)), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(result);
            }
            else
            {
                Printer.Line(result.Requeued == 0 ? "no failed deliveries matched" : $"{result.Requeued} failed {(result.Requeued == 1 ? "delivery is" : "deliveries are")} pending again");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static int Show(ParseResult parse, List<DeliveryInfo> deliveries, string none)
    {
        if (parse.GetValue(CommonOptions.Json))
        {
            Printer.Json(deliveries);
            return ExitCodes.Success;
        }

        if (deliveries.Count == 0)
        {
            Printer.Line(none);
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "DESTINATION", "EVENT", "APP", "STATE", "ATTEMPTS", "WHEN", "LAST ERROR");
        foreach (var d in deliveries)
        {
            var state = d.State switch { "failed" => "[red]failed[/]", "delivered" => "[green]delivered[/]", _ => d.State };
            table.AddRow($"{d.Id}", Printer.Escape(d.Destination), Printer.Escape(d.Type), Printer.Escape(d.App), state, $"{d.Attempts}",
                Printer.Ago(d.DeliveredAt ?? d.CreatedAt), Printer.Escape(d.LastError ?? ""));
        }

        Printer.Out.Write(table);
        return ExitCodes.Success;
    }
}
