using System.CommandLine;
using System.Text.RegularExpressions;
using Gantry.AppModel.Loading;
using Gantry.Cli.Output;
using Gantry.Kubernetes;
using Gantry.Kubernetes.Resources;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry render</c>: an app as plain Kubernetes manifests, offline, deterministic.</summary>
public static partial class RenderCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("-f", "--file") { Description = "The app: a gantry.yaml or a Score file", Required = true };
        var target = new Option<string>("--target") { Description = "What to render for (kubernetes)", DefaultValueFactory = _ => "kubernetes" };
        var output = new Option<DirectoryInfo?>("-o", "--output") { Description = "Write one file per object here (NN-kind-name.yaml); without it, one YAML stream on stdout" };
        var environment = new Option<string>("--environment") { Description = "The environment: the namespace is APP-ENVIRONMENT", DefaultValueFactory = _ => "prod" };
        var gateway = new Option<string>("--gateway") { Description = "The Gateway API Gateway the HTTPRoutes attach to, NAMESPACE/NAME", DefaultValueFactory = _ => "gantry-system/gantry" };
        var registry = new Option<string>("--registry") { Description = "Registry of images built from source (image: .)", DefaultValueFactory = _ => "registry.local" };
        var tag = new Option<string>("--tag") { Description = "Tag of images built from source", DefaultValueFactory = _ => "latest" };
        var withoutSecrets = new Option<bool>("--without-secrets") { Description = "Leave the Secrets (variables named like passwords, tokens, keys) out, for a Git repository; the Deployments still refer to them" };
        var domain = new Option<string?>("--domain") { Description = "Domain for hosts Gantry picks on one machine: APP.localhost becomes APP.DOMAIN" };
        var onlySecrets = new Option<bool>("--only-secrets") { Description = "Only the Secrets: what a GitOps repository leaves out, to apply by other means" };
        var credentialsKey = new Option<FileInfo?>("--credentials-key-file") { Description = "A file holding a secret key: resources' generated passwords are derived from it, the same on every render (without it, new random ones each time)" };
        var operators = new Option<string[]>("--operator")
        {
            Description = $"An operator the cluster runs, whose resources replace Gantry's StatefulSets: {string.Join(", ", RenderOptions.KnownOperators)} (repeat for several)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("render", ApiCommand.Describe(
            "Render an app as Kubernetes manifests (Namespace, ConfigMaps, Secrets, Deployments, StatefulSets for provisioned resources (or operators' resources with --operator), Services, Gateway API HTTPRoutes, HorizontalPodAutoscalers, PodDisruptionBudgets, PersistentVolumeClaims). Offline; the same app always renders to the same bytes.",
            "gantry render -f gantry.yaml -o k8s/",
            "gantry render -f gantry.yaml --environment staging --registry ghcr.io/acme --tag 1.4.2 --domain apps.example.com | kubectl apply -f -",
            "gantry render -f gantry.yaml --environment prod --only-secrets --credentials-key-file ~/.gantry/render.key | kubectl apply -f -",
            "gantry render -f gantry.yaml --operator cloudnative-pg --operator rabbitmq"))
        {
            file, target, output, environment, gateway, registry, tag, withoutSecrets, domain, onlySecrets, credentialsKey, operators,
        };

        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (parse.GetValue(target) != "kubernetes")
            {
                Printer.Fail($"--target: '{parse.GetValue(target)}' is not supported; use kubernetes");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(operators)?.FirstOrDefault(o => !RenderOptions.KnownOperators.Contains(o)) is { } unknownOperator)
            {
                Printer.Fail($"--operator: '{unknownOperator}' is not an operator Gantry renders for; known: {string.Join(", ", RenderOptions.KnownOperators)}");
                return ExitCodes.InvalidInput;
            }

            var gatewayParts = parse.GetValue(gateway)!.Split('/');
            var environmentName = parse.GetValue(environment)!;
            if (parse.GetValue(domain) is { } wanted && !wanted.Trim('.').Split('.').All(Label().IsMatch))
            {
                Printer.Fail($"--domain: '{wanted}' is not a domain name (for example apps.example.com)");
                return ExitCodes.InvalidInput;
            }

            if (gatewayParts.Length != 2 || !Label().IsMatch(gatewayParts[0]) || !Label().IsMatch(gatewayParts[1]) || !Label().IsMatch(environmentName))
            {
                Printer.Fail(!Label().IsMatch(environmentName)
                    ? $"--environment: '{environmentName}' is not a name (lowercase letters, digits and '-')"
                    : $"--gateway: '{parse.GetValue(gateway)}' is not NAMESPACE/NAME");
                return ExitCodes.InvalidInput;
            }

            if (!path.Exists)
            {
                Printer.Fail($"--file: {path} does not exist");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(credentialsKey) is { Exists: false } missingKey)
            {
                Printer.Fail($"--credentials-key-file: {missingKey} does not exist");
                return ExitCodes.InvalidInput;
            }

            var files = new DirectoryAppFiles(path.DirectoryName!);
            var loaded = AppLoader.Load(files, path.Name, ClusterCatalog.LoadOptionsFor(environmentName) with { Settings = ProcessSettings() });
            if (!loaded.Succeeded)
            {
                Printer.Fail($"{path.Name} is invalid ({loaded.Errors.Length} error{(loaded.Errors.Length == 1 ? "" : "s")}); nothing was rendered:");
                foreach (var error in loaded.Errors)
                {
                    Printer.Error.WriteLine($"  {error}");
                }

                return ExitCodes.InvalidInput;
            }

            var options = new RenderOptions(environmentName, gatewayParts[1], gatewayParts[0], parse.GetValue(registry)!, parse.GetValue(tag)!,
                IncludeSecretValues: !parse.GetValue(withoutSecrets))
            {
                Domain = parse.GetValue(domain)?.Trim('.').ToLowerInvariant(),
                CredentialsKey = parse.GetValue(credentialsKey) is { } keyFile ? File.ReadAllText(keyFile.FullName).Trim() : null,
                Operators = (parse.GetValue(operators) ?? []).ToHashSet(StringComparer.Ordinal),
            };
            IReadOnlyList<object> objects;
            try
            {
                objects = ManifestRenderer.Render(loaded.App!, options, files);
            }
            catch (RenderException e)
            {
                Printer.Fail($"{path.Name} cannot be rendered for Kubernetes: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(onlySecrets))
            {
                objects = [.. objects.OfType<k8s.Models.V1Secret>()];
            }
            if (parse.GetValue(output) is not { } directory)
            {
                Console.Out.Write(ManifestRenderer.ToYaml(objects));
                return ExitCodes.Success;
            }

            Write(directory, ManifestRenderer.ToFiles(objects));
            Printer.Line($"rendered {objects.Count} objects for {Printer.Escape(loaded.App!.Name)} into {Printer.Escape(directory.FullName)}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Replaces what an earlier render wrote there, so a removed object does not linger as a stale file.</summary>
    private static void Write(DirectoryInfo directory, IReadOnlyList<(string File, string Yaml)> files)
    {
        directory.Create();
        foreach (var stale in directory.EnumerateFiles("*.yaml").Where(f => Rendered().IsMatch(f.Name)))
        {
            stale.Delete();
        }

        foreach (var (name, yaml) in files)
        {
            File.WriteAllText(Path.Combine(directory.FullName, name), yaml);
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^\d{2}-[a-z]+-[a-z0-9.-]+\.yaml$")]
    private static partial Regex Rendered();

    /// <summary>Environment resources read this command's own environment when rendering, as score-compose does.</summary>
    private static EnvironmentSettings ProcessSettings()
    {
        var values = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        return EnvironmentSettings.Of(values, "in the environment of 'gantry render' (KEY=VALUE gantry render …)");
    }
}
