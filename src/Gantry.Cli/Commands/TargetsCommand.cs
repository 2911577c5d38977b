using System.CommandLine;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api.Contracts;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry targets add|list|remove</c>: the clusters and GitOps repositories environments deploy to.</summary>
public static class TargetsCommand
{
    public static Command Create()
    {
        var command = new Command("targets", "Clusters (by kubeconfig context) and GitOps repositories (for Argo CD) that environments deploy to.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The target's name, for example eu-cluster or config-repo" };
        var kubernetes = new Option<bool>("--kubernetes") { Description = "A cluster Gantry applies to directly (server-side apply)" };
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "The kubeconfig file (default: $KUBECONFIG or ~/.kube/config)" };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context (default: its current context)" };
        var gitops = new Option<string?>("--gitops") { Description = "A configuration repository URL Argo CD syncs from (no credentials in it: use SSH keys or a credential helper)" };
        var branch = new Option<string?>("--branch") { Description = "The repository's branch (default: main)" };
        var gateway = new Option<string?>("--gateway") { Description = "The Gateway API Gateway routes attach to, NAMESPACE/NAME (default: gantry-system/gantry)" };
        var registry = new Option<string?>("--registry") { Description = "Registry of images built from source and of Gantry's gateway image (default: registry.local)" };
        var domain = new Option<string?>("--domain") { Description = "Domain for hosts Gantry picked on this machine: APP.localhost becomes APP.DOMAIN" };
        var operators = new Option<string[]>("--operator") { Description = "An operator the cluster runs, whose resources replace Gantry's StatefulSets: cloudnative-pg, rabbitmq (repeat for several)" };
        var command = new Command("add", ApiCommand.Describe(
            "Register (or replace) a target: a Kubernetes cluster or a GitOps repository.",
            "gantry targets add prod-cluster --kubernetes --context prod --domain apps.example.com",
            "gantry targets add prod-cluster --kubernetes --context prod --operator cloudnative-pg --operator rabbitmq",
            "gantry targets add config --gitops git@github.com:acme/config.git --branch main"))
        {
            name, kubernetes, kubeconfig, context, gitops, branch, gateway, registry, domain, operators,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var isCluster = parse.GetValue(kubernetes);
            if (isCluster == parse.GetValue(gitops) is not null)
            {
                Printer.Fail("give either --kubernetes or --gitops URL");
                return ExitCodes.InvalidInput;
            }

            var request = new TargetRequest(isCluster ? "kubernetes" : "gitops", parse.GetValue(kubeconfig)?.FullName, parse.GetValue(context),
                parse.GetValue(gitops), parse.GetValue(branch), parse.GetValue(gateway), parse.GetValue(registry), parse.GetValue(domain))
            {
                Operators = parse.GetValue(operators) is { Length: > 0 } named ? named : null,
            };
            var saved = await client.SaveTargetAsync(parse.GetValue(name)!, request, ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(saved);
            }
            else
            {
                Printer.Line($"target [bold]{Printer.Escape(saved.Name)}[/]: {Describe(saved)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", ApiCommand.Describe("List the targets.", "gantry targets list", "gantry targets list --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var targets = await client.TargetsAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(targets);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "KIND", "WHERE", "GATEWAY");
            foreach (var t in targets)
            {
                table.AddRow(Printer.Escape(t.Name), t.Kind, Printer.Escape(Describe(t)), Printer.Escape(t.Gateway));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The target" };
        var command = new Command("remove", ApiCommand.Describe("Remove a target that no environment uses.", "gantry targets remove old-cluster")) { name };
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            await client.DeleteAsync($"api/v1/targets/{Uri.EscapeDataString(parse.GetValue(name)!)}", ct);
            Printer.Line($"removed target {Printer.Escape(parse.GetValue(name))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Describe(TargetInfo t) => t.Kind == "gitops"
        ? $"{t.Repository} ({t.Branch})"
        : $"context {t.Context ?? "(current)"} in {t.Kubeconfig ?? "the default kubeconfig"}"
            + (t.Operators.Count == 0 ? "" : $", operators {string.Join(", ", t.Operators)}");
}
