using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// Gives the app's containers their resources' outputs in the cluster. An app loaded without outputs holds them as
/// <c>${resources.NAME.OUTPUT}</c>; host, port and fixed outputs become their values, and a variable that reads the
/// resource's Secret (a password, a user) becomes an <c>env</c> entry with <c>secretKeyRef</c> (or, mixed with
/// other text, <c>$(VAR)</c> references to such entries): never a literal in a ConfigMap or the Deployment.
/// </summary>
internal sealed partial class ResourceBindings
{
    private readonly Dictionary<(string Workload, string Container), List<V1EnvVar>> _env = [];

    private ResourceBindings(AppSpec app) => App = app;

    /// <summary>The app with the outputs it can hold as text put in, and the variables that read a Secret taken out.</summary>
    public AppSpec App { get; private set; }

    /// <summary>The container's entries that read resources' Secrets; null when it has none.</summary>
    public List<V1EnvVar>? Env(WorkloadSpec workload, ContainerSpec container) => _env.GetValueOrDefault((workload.Name, container.Name));

    public static ResourceBindings Bind(AppSpec app, IReadOnlyList<ClusterResource> resources)
    {
        var bindings = new ResourceBindings(app);
        WorkloadSpec Bind(WorkloadSpec w) => w with { Containers = [.. w.Containers.Select(c => bindings.BindContainer(w, c, resources))] };
        bindings.App = app with
        {
            Workloads = [.. app.Workloads.Select(Bind)],
            Jobs = [.. app.Jobs.Select(j => j.OwnWorkload is { } own ? j with { OwnWorkload = Bind(own) } : j)],
        };
        return bindings;
    }

    private ContainerSpec BindContainer(WorkloadSpec workload, ContainerSpec container, IReadOnlyList<ClusterResource> resources)
    {
        var scope = new Scope(workload, container, resources);
        var variables = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var env = new List<V1EnvVar>();
        foreach (var (name, value) in container.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var parts = scope.Parse(value, $"variable {name}");
            if (parts.All(p => p.Credential is null))
            {
                variables[name] = string.Concat(parts.Select(p => p.Text));
            }
            else if (parts is [{ Credential: { } only }])
            {
                env.Add(new V1EnvVar { Name = name, ValueFrom = ResourceRenderer.SecretKey(only.Resource, only.Key) });
            }
            else
            {
                env.Add(new V1EnvVar { Name = name, Value = scope.Expansion(parts) });
            }
        }

        var command = container.Command.Select((a, i) => scope.Argument(a, $"command[{i}]")).ToImmutableArray();
        var args = container.Args.Select((a, i) => scope.Argument(a, $"args[{i}]")).ToImmutableArray();
        var files = container.Files.Select(f => f.Content is { } content && !f.NoExpand
            ? f with { Content = string.Concat(scope.Parse(content, $"file {f.Target}", credentials: false).Select(p => p.Text)) }
            : f).ToImmutableArray();

        // Helpers first: Kubernetes expands $(VAR) only with entries defined before the one using it.
        env.InsertRange(0, scope.Helpers.OrderBy(h => h.Name, StringComparer.Ordinal));
        if (env.Count > 0)
        {
            _env[(workload.Name, container.Name)] = env;
        }

        var moved = env.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        return container with
        {
            Variables = variables.ToImmutable(),
            Command = command,
            Args = args,
            Files = files,
            SecretVariables = [.. container.SecretVariables.Where(v => !moved.Contains(v))],
        };
    }

    [GeneratedRegex(@"\$\{resources\.([^.}]+)\.([^}]+)\}")]
    private static partial Regex StandIn();

    /// <summary>A piece of a value: text, or a reference to a key of a resource's Secret.</summary>
    private sealed record Part(string Text, (ClusterResource Resource, string Key)? Credential = null);

    /// <summary>What one container's placeholders may name: the resources its workload declares, by the names it gives them.</summary>
    private sealed class Scope(WorkloadSpec workload, ContainerSpec container, IReadOnlyList<ClusterResource> resources)
    {
        private readonly Dictionary<string, V1EnvVar> _helpers = new(StringComparer.Ordinal);

        public IEnumerable<V1EnvVar> Helpers => _helpers.Values;

        public List<Part> Parse(string value, string where, bool credentials = true)
        {
            var parts = new List<Part>();
            var at = 0;
            foreach (Match match in StandIn().Matches(value))
            {
                if (Find(match.Groups[1].Value) is not { } resource)
                {
                    continue; // not a resource this render provisions: the text stays as it is
                }

                parts.Add(new Part(value[at..match.Index]));
                at = match.Index + match.Length;
                var name = match.Groups[2].Value;
                var output = resource.Service.Outputs.FirstOrDefault(o => o.Name == name)
                    ?? throw new RenderException($"{Where(where)}: resource '{match.Groups[1].Value}' ({resource.Service.Type}) has no output '{name}' in a cluster (outputs: {string.Join(", ", resource.Service.Outputs.Select(o => o.Name))})");
                var pieces = output.Source == ClusterOutputSource.Template
                    ? output.TemplateParts().Select(p => p.Name is null ? ClusterOutput.Literal(name, p.Text) : Piece(resource, name, p.Name))
                    : [output];
                foreach (var piece in pieces)
                {
                    parts.Add(piece.Source switch
                    {
                        ClusterOutputSource.Host => new Part(resource.Host),
                        ClusterOutputSource.Port => new Part(resource.Service.Port.ToString(CultureInfo.InvariantCulture)),
                        ClusterOutputSource.Literal => new Part(piece.Key),
                        _ when credentials => new Part("", (resource, piece.Key)),
                        _ => throw new RenderException(
                            $"{Where(where)}: ${{resources.{match.Groups[1].Value}.{name}}} comes from the Secret {resource.SecretName}, which a file cannot read in a cluster yet; pass it as a variable"),
                    });
                }
            }

            parts.Add(new Part(value[at..]));
            return [.. parts.Where(p => p.Text.Length > 0 || p.Credential is not null)];
        }

        /// <summary>A command-line argument: outputs from a Secret become <c>$(VAR)</c>, which Kubernetes expands from the container's env.</summary>
        public string Argument(string value, string where)
        {
            var parts = Parse(value, where);
            return parts.Any(p => p.Credential is not null) ? Expansion(parts) : string.Concat(parts.Select(p => p.Text));
        }

        /// <summary>Text with <c>$(VAR)</c> for each Secret key, through helper entries; a literal '$' doubled so Kubernetes keeps it.</summary>
        public string Expansion(List<Part> parts)
        {
            var text = new StringBuilder();
            foreach (var part in parts)
            {
                if (part.Credential is not { } credential)
                {
                    text.Append(part.Text.Replace("$", "$$", StringComparison.Ordinal));
                    continue;
                }

                var name = $"GANTRY_{credential.Resource.Name}_{credential.Key}".ToUpperInvariant().Replace('-', '_');
                _helpers.TryAdd(name, new V1EnvVar { Name = name, ValueFrom = ResourceRenderer.SecretKey(credential.Resource, credential.Key) });
                text.Append("$(").Append(name).Append(')');
            }

            return text.ToString();
        }

        /// <summary>A name in a template output's braces: the Service's host or port, or a key of the resource's Secret.</summary>
        private static ClusterOutput Piece(ClusterResource resource, string output, string name) => name switch
        {
            "host" => ClusterOutput.Host(output),
            "port" => ClusterOutput.Port(output),
            _ => ClusterOutput.FromSecret(output, resource.Service.Credential(name).Key),
        };

        private ClusterResource? Find(string name) =>
            resources.FirstOrDefault(r => r.Spec.Workloads.Contains($"{workload.Name}:{name}"));

        private string Where(string what) => $"{workload.Name}/{container.Name} {what}";
    }
}
