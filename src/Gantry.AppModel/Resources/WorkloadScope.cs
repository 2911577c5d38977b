using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Placeholders;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Resources;

/// <summary>
/// What placeholders in one workload can see: its metadata and the outputs of its resources.
/// Outputs are computed on first use, so a dns resource's params may themselves use placeholders.
/// </summary>
internal sealed class WorkloadScope : IPlaceholderResolver
{
    private static readonly string[] DnsFields = ["host"];

    private readonly Dictionary<string, ScoreResource> _resources;
    private readonly IReadOnlyDictionary<string, string> _defaultHosts;
    private readonly Dictionary<string, string?> _hosts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceSpec?> _provisioned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServicePortTarget?> _servicePorts = new(StringComparer.Ordinal);
    private bool _secretUsed;

    /// <param name="defaultHosts">The host of each dns resource without <c>params.host</c>, by resource name.</param>
    /// <param name="app">The app's name: volume names include it.</param>
    public WorkloadScope(ScoreWorkload workload, FileErrors errors, IReadOnlyDictionary<string, string> defaultHosts, string app)
    {
        App = app;
        Workload = workload;
        Errors = errors;
        _defaultHosts = defaultHosts;
        _resources = workload.Resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public ScoreWorkload Workload { get; }

    public string App { get; }

    /// <summary>Unknown resource types are provisioned by the target, and volume sources may name existing volumes.</summary>
    public bool ExternalResources { get; init; }

    /// <summary>The types the platform provisions (postgres, redis, …).</summary>
    public ProvisionerCatalog Provisioners { get; init; } = ProvisionerCatalog.Empty;

    /// <summary>The values of provisioned outputs; null: known by name only (see <see cref="IResourceOutputs"/>).</summary>
    public IResourceOutputs? Outputs { get; init; }

    /// <summary>What environment resources read; null: not known here, so their outputs stand in as placeholders.</summary>
    public EnvironmentSettings? Settings { get; init; }

    /// <summary>The app's workloads by name: what its service-port resources may call without naming an app.</summary>
    public IReadOnlyDictionary<string, ScoreWorkload> AppWorkloads { get; init; } = new Dictionary<string, ScoreWorkload>();

    /// <summary>Where s3 resources get their buckets; null: not known here.</summary>
    public IObjectStorage? ObjectStorage { get; init; }

    /// <summary>The buckets to make on the platform's endpoint for the workload's s3 resources (none where a definition serves them).</summary>
    public IEnumerable<string> Buckets => _resources.Values.Where(r => r.Type == ResourceTypes.S3 && !ServedByDefinition(r.Type))
        .Select(r => BucketNames.Of(App, Workload.Name, new ScoreResourceKey(r.Name, r.Id)));

    /// <summary>Where service ports answer; null: not known here, so service-port outputs stand in as placeholders.</summary>
    public IServiceAddresses? ServiceAddresses { get; init; }

    /// <summary>The workload's provisioned resources read so far, with what declared them.</summary>
    public IEnumerable<(ResourceSpec Spec, ScoreResource Resource)> ProvisionedResources =>
        _resources.Values.Where(r => _provisioned.GetValueOrDefault(r.Name) is not null).Select(r => (_provisioned[r.Name]!, r));

    /// <summary>The service ports the workload's service-port resources lead to, as far as they were read.</summary>
    public IEnumerable<ServiceLink> ServiceLinks =>
        _servicePorts.Values.Where(t => t?.Port is not null).Select(t => new ServiceLink(t!.App, t.Workload, t.Port!.Name));

    /// <summary>
    /// The workload's s3 buckets and the service ports it calls (as far as they were read), with their plain outputs;
    /// none where the platform's endpoint or addresses are not known (checking an app, rendering it).
    /// </summary>
    public IEnumerable<AttachedResource> Attached
    {
        get
        {
            foreach (var resource in _resources.Values.Where(r => r.Type == ResourceTypes.S3 && ObjectStorage?.HasEndpoint == true))
            {
                var bucket = ObjectStorage!.Bucket(BucketNames.Of(App, Workload.Name, new ScoreResourceKey(resource.Name, resource.Id)));
                yield return Attach(resource, bucket.Name, bucket.Endpoint, new Dictionary<string, string>
                {
                    ["endpoint"] = bucket.Endpoint,
                    ["region"] = bucket.Region,
                    ["bucket"] = bucket.Name,
                    ["access_key_id"] = bucket.AccessKeyId,
                    ["aws_access_key_id"] = bucket.AccessKeyId,
                });
            }

            foreach (var (name, target) in _servicePorts)
            {
                if (target?.Port is not { } port || ServiceAddresses is null)
                {
                    continue;
                }

                var address = ServiceAddresses.AddressOf(App, target.App, target.Workload, port);
                var called = $"{target.Workload}.{target.App}";
                yield return Attach(_resources[name], $"{called}:{port.Name}", called, new Dictionary<string, string>
                {
                    ["hostname"] = address.Hostname,
                    ["port"] = address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
    }

    private AttachedResource Attach(ScoreResource resource, string key, string service, Dictionary<string, string> outputs) =>
        new(key, resource.Type!, resource.Class ?? "default", [$"{Workload.Name}:{resource.Name}"], service, outputs.ToImmutableDictionary(StringComparer.Ordinal));

    /// <summary>The engine volume names of the workload's volume resources, by resource name.</summary>
    public IReadOnlyDictionary<string, string> Volumes => _resources.Values
        .Where(r => r.Type == ResourceTypes.Volume)
        .ToDictionary(r => r.Name, r => ResourceTypes.VolumeName(App, new ScoreResourceKey(r.Name, r.Id)), StringComparer.Ordinal);

    public FileErrors Errors { get; }

    /// <summary>Expands placeholders in a string of this workload; null when one could not be resolved (reported).</summary>
    public string? Expand(YamlScalar node, string field) => PlaceholderExpander.Expand(node, field, Errors, this);

    /// <summary>Expands like <see cref="Expand(YamlScalar, string)"/>, and says whether a provisioned resource's secret output went into the value.</summary>
    public string? Expand(YamlScalar node, string field, out bool secret)
    {
        _secretUsed = false;
        var value = Expand(node, field);
        secret = _secretUsed;
        return value;
    }

    /// <summary>
    /// The definition of a resource the platform provisions; null for route, dns, volume, environment, service-port and
    /// unknown types, and for s3 where the platform has an endpoint (or none is known: checking, rendering).
    /// </summary>
    public ProvisionerDefinition? DefinitionOf(ScoreResource resource) =>
        resource.Type is { } type && (!ResourceTypes.IsSupported(type) || ServedByDefinition(type)) ? Provisioners.Find(type, resource.Class) : null;

    /// <summary>An s3 resource on a platform without an endpoint of its own: its s3 definition says how (a server Gantry runs).</summary>
    private bool ServedByDefinition(string? type) => type == ResourceTypes.S3 && ObjectStorage is { HasEndpoint: false };

    /// <summary>A provisioned resource read once (errors reported once); null when it is wrong or not provisioned.</summary>
    public ResourceSpec? Provisioned(ScoreResource resource)
    {
        if (!_provisioned.TryGetValue(resource.Name, out var spec))
        {
            spec = DefinitionOf(resource) is { } definition ? Resources.ProvisionedResources.Read(resource, definition, this) : null;
            _provisioned[resource.Name] = spec;
        }

        return spec;
    }

    /// <summary>The port a service-port resource leads to, read once (errors reported once); null when it is wrong.</summary>
    public ServicePortTarget? ServicePortOf(ScoreResource resource)
    {
        if (!_servicePorts.TryGetValue(resource.Name, out var target))
        {
            target = ServicePortResolver.Resolve(resource, this);
            _servicePorts[resource.Name] = target;
        }

        return target;
    }

    public PlaceholderResolution Resolve(PlaceholderReference reference) => reference.Parts[0] switch
    {
        "metadata" => MetadataLookup.Resolve(Workload.Metadata, reference),
        "resources" => ResolveResource(reference),
        _ when reference.Text.Length == 0 => PlaceholderResolution.Fail("empty placeholder"),
        var other when reference.Parts.Length == 1 && other.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_') => PlaceholderResolution.Fail(
            $"unknown placeholder '{reference.Text}': placeholders start with 'metadata.' or 'resources.'; for the instance's environment variable " +
            $"{other}, run the command through a shell (\"sh\", \"-c\", \"... ${other} ...\"), or write $${{{other}}} to keep the text as it is"),
        var other => PlaceholderResolution.Fail(
            $"unknown placeholder '{reference.Text}': placeholders start with 'metadata.' or 'resources.'{Suggestions.Hint(other, ["metadata", "resources"])}"),
    };

    /// <summary>The host of a dns resource: <c>params.host</c> expanded, else its default; null when <c>params.host</c> is invalid (reported).</summary>
    public string? DnsHost(ScoreResource resource)
    {
        if (_hosts.TryGetValue(resource.Name, out var known))
        {
            return known;
        }

        _resolving.Add(resource.Name);
        var host = ComputeDnsHost(resource);
        _resolving.Remove(resource.Name);
        _hosts[resource.Name] = host;
        return host;
    }

    private PlaceholderResolution ResolveResource(PlaceholderReference reference)
    {
        if (reference.Parts.Length < 2 || reference.Parts[1].Length == 0)
        {
            return PlaceholderResolution.Fail("'${resources}' needs a resource name and an output, for example '${resources.dns.host}'");
        }

        var name = reference.Parts[1];
        if (!_resources.TryGetValue(name, out var resource))
        {
            var declared = _resources.Count == 0 ? "the workload declares no resources" : $"declared: {string.Join(", ", _resources.Keys)}";
            return PlaceholderResolution.Fail($"unknown resource '{name}' ({declared}){Suggestions.Hint(name, _resources.Keys)}");
        }

        if (DefinitionOf(resource) is { } definition)
        {
            return ResolveProvisioned(resource, definition, reference);
        }

        if (resource.Type == ResourceTypes.Environment)
        {
            return ResolveSetting(resource, reference);
        }

        if (!ResourceTypes.IsSupported(resource.Type))
        {
            return ExternalResources && resource.Type is not null
                ? PlaceholderResolution.Fail($"resource '{name}' of type '{resource.Type}' is provisioned outside Gantry; its outputs cannot be used in placeholders yet")
                : PlaceholderResolution.Silent;
        }

        var type = resource.Type!;
        if (type == ResourceTypes.Volume && (reference.Parts.Length == 2 || (reference.Parts.Length == 3 && reference.Parts[2] == "source")))
        {
            // Score's convention: a volume resource stands for its source, with or without naming the output.
            return PlaceholderResolution.Of(ResourceTypes.VolumeName(App, new ScoreResourceKey(resource.Name, resource.Id)));
        }

        var outputs = ResourceTypes.OutputsOf(type);
        if (outputs.Count == 0)
        {
            return PlaceholderResolution.Fail($"resource '{name}' of type '{type}' has no outputs");
        }

        if (reference.Parts.Length < 3)
        {
            return PlaceholderResolution.Fail($"name an output of resource '{name}', for example '${{resources.{name}.{outputs[0]}}}'");
        }

        var output = string.Join('.', reference.Parts.Skip(2));
        if (!outputs.Contains(output))
        {
            return PlaceholderResolution.Fail(
                $"unknown output '{output}' of resource '{name}' (type {type}; outputs: {string.Join(", ", outputs)}){Suggestions.Hint(output, outputs)}");
        }

        if (type == ResourceTypes.ServicePort)
        {
            return ResolveServicePort(resource, output);
        }

        if (type == ResourceTypes.S3)
        {
            return ResolveBucket(resource, output);
        }

        if (_resolving.Contains(name))
        {
            return PlaceholderResolution.Fail($"resource '{name}' refers to its own output through its params");
        }

        return DnsHost(resource) is { } host ? PlaceholderResolution.Of(host) : PlaceholderResolution.Silent;
    }

    private PlaceholderResolution ResolveProvisioned(ScoreResource resource, ProvisionerDefinition definition, PlaceholderReference reference)
    {
        var names = definition.Outputs.Select(o => o.Name).ToList();
        if (reference.Parts.Length < 3)
        {
            return PlaceholderResolution.Fail($"name an output of resource '{resource.Name}', for example '${{resources.{resource.Name}.{names.FirstOrDefault() ?? "host"}}}'");
        }

        var name = string.Join('.', reference.Parts.Skip(2));
        if (definition.Outputs.FirstOrDefault(o => o.Name == name) is not { } output)
        {
            return PlaceholderResolution.Fail(
                $"unknown output '{name}' of resource '{resource.Name}' (type {definition.Type}; outputs: {string.Join(", ", names)}){Suggestions.Hint(name, names)}");
        }

        if (Provisioned(resource) is not { } spec)
        {
            return PlaceholderResolution.Silent;
        }

        _secretUsed |= output.Secret;
        if (Outputs is null)
        {
            // Checking the app without the platform's records: the value stands in as the placeholder itself.
            return PlaceholderResolution.Of($"${{resources.{resource.Name}.{name}}}");
        }

        return Outputs.Output(spec, name) is { } value
            ? PlaceholderResolution.Of(value)
            : PlaceholderResolution.Fail($"resource '{resource.Name}' ({definition.Type}) has not been provisioned yet");
    }

    /// <summary>
    /// An environment resource's output is any key of the app's settings. Its value counts as secret wherever it goes
    /// (settings are where API keys live), and it stands in as the placeholder itself where the settings are not known.
    /// </summary>
    private PlaceholderResolution ResolveSetting(ScoreResource resource, PlaceholderReference reference)
    {
        if (reference.Parts.Length < 3)
        {
            return PlaceholderResolution.Fail($"name a key of environment resource '{resource.Name}', for example '${{resources.{resource.Name}.API_KEY}}'");
        }

        var key = string.Join('.', reference.Parts.Skip(2));
        _secretUsed = true;
        if (Settings is null)
        {
            return PlaceholderResolution.Of($"${{resources.{resource.Name}.{key}}}");
        }

        return Settings.ValuesOf(App).TryGetValue(key, out var value)
            ? PlaceholderResolution.Of(value)
            : PlaceholderResolution.Fail($"environment resource '{resource.Name}' has no value for {key}; set it {Settings.WhereToSet(App)}");
    }

    private PlaceholderResolution ResolveServicePort(ScoreResource resource, string output)
    {
        if (ServicePortOf(resource) is not { } target)
        {
            return PlaceholderResolution.Silent;
        }

        if (ServiceAddresses is null || target.Port is null)
        {
            return PlaceholderResolution.Of($"${{resources.{resource.Name}.{output}}}");
        }

        var address = ServiceAddresses.AddressOf(App, target.App, target.Workload, target.Port);
        return PlaceholderResolution.Of(output == "hostname" ? address.Hostname : address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>An s3 resource's output: its bucket on the platform's endpoint; the secret key counts as a secret wherever it goes.</summary>
    private PlaceholderResolution ResolveBucket(ScoreResource resource, string output)
    {
        _secretUsed |= output is "secret_key" or "aws_secret_key";
        if (ObjectStorage is null)
        {
            return ExternalResources
                ? PlaceholderResolution.Fail($"resource '{resource.Name}' of type 's3' is not rendered for Kubernetes yet: give the workload its bucket's endpoint and keys as variables")
                : PlaceholderResolution.Of($"${{resources.{resource.Name}.{output}}}");
        }

        if (!ObjectStorage.HasEndpoint)
        {
            return PlaceholderResolution.Silent; // reported at the resource's type
        }

        var bucket = ObjectStorage.Bucket(BucketNames.Of(App, Workload.Name, new ScoreResourceKey(resource.Name, resource.Id)));
        return PlaceholderResolution.Of(output switch
        {
            "endpoint" => bucket.Endpoint,
            "region" => bucket.Region,
            "bucket" => bucket.Name,
            "access_key_id" or "aws_access_key_id" => bucket.AccessKeyId,
            _ => bucket.SecretKey,
        });
    }

    private string? ComputeDnsHost(ScoreResource resource)
    {
        var paramsField = FieldPath.Join(resource.Field, "params");
        var parameters = FieldMap.Open(resource.Params, paramsField, Errors, DnsFields);
        if (parameters?.Get("host") is not { } value)
        {
            return _defaultHosts.TryGetValue(resource.Name, out var fallback) ? fallback : null;
        }

        var field = parameters.FieldOf("host");
        if (Scalars.String(value, field, Errors) is not { } node || Expand(node, field) is not { } host)
        {
            return null;
        }

        return Names.CheckHost(node, host, field, Errors) ? host : null;
    }
}
