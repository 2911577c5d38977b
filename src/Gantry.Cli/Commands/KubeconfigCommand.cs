using System.CommandLine;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry kubeconfig --team T --env E</c>: credentials for a team's namespaces in an environment's cluster.</summary>
public static class KubeconfigCommand
{
    public static Command Create()
    {
        var team = new Option<string>("--team") { Description = "The team whose apps' namespaces the credentials reach", Required = true };
        var environment = new Option<string>("--env") { Description = "The environment whose target is the Kubernetes cluster", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Write it to this file (mode 0600) instead of printing it" };
        var command = new Command("kubeconfig", ApiCommand.Describe(
            "Print a kubeconfig that can touch only a team's namespaces in an environment's cluster: Gantry applies the team's ServiceAccount, and a Role and RoleBinding in each of its apps' namespaces there (namespace-scoped verbs only), and hands out the ServiceAccount's token. Takes the deployer role in the team.",
            "gantry kubeconfig --team web --env prod > web-prod.yaml",
            "gantry kubeconfig --team web --env prod -o ~/.kube/web-prod && KUBECONFIG=~/.kube/web-prod kubectl get pods -n shop-prod"))
        {
            team, environment, output,
        };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var yaml = await client.TeamKubeconfigAsync(parse.GetValue(team)!, parse.GetValue(environment)!, ct);
            if (parse.GetValue(output) is not { } file)
            {
                Console.Out.Write(yaml);
                return ExitCodes.Success;
            }

            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var stream = new FileStream(file, options))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(yaml);
            }

            Printer.Line($"wrote {Printer.Escape(file)}: team {Printer.Escape(parse.GetValue(team))} in {Printer.Escape(parse.GetValue(environment))}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
