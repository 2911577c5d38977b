using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry apps connect|git|disconnect</c>: an app's Git repository, its deploy key and webhook.</summary>
public static class AppsConnectCommand
{
    public static Command Connect()
    {
        var app = new Argument<string>("app") { Description = "The app whose files the repository holds" };
        var repo = new Option<string>("--repo") { Description = "The repository: https://… (public), ssh://… or git@host:owner/repo.git (Gantry makes a deploy key), or file:///path. Needed on the first connect" };
        var branch = new Option<string>("--branch") { Description = "The branch whose pushes deploy (default: main)" };
        var path = new Option<string>("--path") { Description = "The app's folder inside the repository (default: its root)" };
        var entry = new Option<string>("--entry") { Description = "The file to deploy in that folder (default: gantry.yaml, score.yaml or a compose file, whichever is there)" };
        var previews = new Option<bool?>("--previews") { Description = "Deploy each pull request at pr-N.HOST and remove it when the pull request closes (--previews false turns it off)" };
        var rotate = new Option<bool>("--rotate-secrets") { Description = "Make a new webhook secret (and deploy key, for SSH); the old ones stop working" };
        var command = new Command("connect", ApiCommand.Describe(
            "Connect an app to a Git repository: 'gantry deploy APP --git' builds its branch, and its webhook deploys every push. For SSH repositories Gantry makes a deploy key and shows its public half; the webhook's secret is shown once.",
            "gantry apps connect shop --repo https://github.com/acme/shop.git",
            "gantry apps connect shop --repo git@github.com:acme/shop.git --branch release --path services/shop --previews",
            "gantry apps connect shop --rotate-secrets"))
        {
            app, repo, branch, path, entry, previews, rotate,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var name = parse.GetValue(app)!;
            var request = new GitConnectRequest(
                parse.GetValue(repo), parse.GetValue(branch), parse.GetValue(path), parse.GetValue(entry), parse.GetValue(previews), parse.GetValue(rotate) ? true : null);
            var info = await client.ConnectGitAsync(name, request, ct);
            var webhook = new Uri(client.Server, info.WebhookPath).ToString();
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(new { Connection = info, WebhookUrl = webhook });
                return ExitCodes.Success;
            }

            Printer.Line(Printer.Escape($"{name} is connected to {info.Repository} (branch {info.Branch}{(info.Path.Length > 0 ? $", folder {info.Path}" : "")}{(info.Previews ? ", previews on" : "")})"));
            if (info.DeployKey is { } key)
            {
                Printer.Text("deploy key: add it to the repository as a read-only deploy key (GitHub: Settings › Deploy keys)");
                Printer.Text($"  {key}");
            }

            Printer.Text($"webhook: {webhook}  (content type application/json; push events{(info.Previews ? " and pull requests" : "")})");
            if (info.WebhookSecret is { } secret)
            {
                Printer.Text($"secret:  {secret}");
                Printer.Text("  shown once: paste it as the webhook's secret (GitLab: its secret token); 'gantry apps connect --rotate-secrets' makes a new one");
            }

            Printer.Text($"deploy it now with: gantry deploy {name} --git");
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Show()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("git", ApiCommand.Describe(
            "Show an app's repository connection: repository, branch, folder, deploy key and webhook URL (never its secret).",
            "gantry apps git shop",
            "gantry apps git shop --json"))
        {
            app,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var info = await client.GitConnectionAsync(parse.GetValue(app)!, ct);
            var webhook = new Uri(client.Server, info.WebhookPath).ToString();
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(new { Connection = info, WebhookUrl = webhook });
                return ExitCodes.Success;
            }

            Printer.Text($"repository  {info.Repository}");
            Printer.Text($"branch      {info.Branch}");
            Printer.Text($"folder      {(info.Path.Length > 0 ? info.Path : "(root)")}");
            Printer.Text($"entry       {info.Entry ?? "(found: gantry.yaml, score.yaml or a compose file)"}");
            Printer.Text($"previews    {(info.Previews ? "on" : "off")}");
            Printer.Text($"deploy key  {(info.DeployKey is null ? "-" : $"{info.DeployKeyFingerprint}  {info.DeployKey}")}");
            Printer.Text($"webhook     {webhook}");
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Disconnect()
    {
        var app = new Argument<string>("app") { Description = "The app" };
        var command = new Command("disconnect", ApiCommand.Describe(
            "Disconnect an app from its repository: pushes no longer deploy and its webhook answers 401; its releases stay.",
            "gantry apps disconnect shop"))
        {
            app,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var name = parse.GetValue(app)!;
            await client.DeleteAsync($"api/v1/apps/{name}/git", ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(new { App = name, Disconnected = true });
            }
            else
            {
                Printer.Line(Printer.Escape($"{name} is no longer connected to a repository"));
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
