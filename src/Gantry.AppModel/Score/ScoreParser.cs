using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Score;

/// <summary>Validates a Score <c>score.dev/v1b1</c> document against the schema (score-v1b1.json), reporting every violation.</summary>
internal static class ScoreParser
{
    public const string ApiVersion = "score.dev/v1b1";

    private static readonly string[] TopFields = ["apiVersion", "metadata", "service", "containers", "resources"];
    private static readonly string[] ServiceFields = ["ports"];
    private static readonly string[] PortFields = ["port", "protocol", "targetPort"];
    private static readonly string[] ResourceFields = ["type", "class", "id", "metadata", "params"];

    private const string AnnotationRule =
        "use 2 to 316 characters: an optional DNS prefix and '/', then letters, digits, '-', '_' and '.', starting and ending with a letter or digit";

    private const string TypeRule = "use 2 to 63 letters, digits and '-', starting and ending with a letter or digit";

    /// <summary>Reads and validates Score YAML text; null when it is not YAML or not a mapping.</summary>
    public static ScoreWorkload? Parse(string text, FileErrors errors) =>
        YamlDocumentReader.Read(text, errors) is { } root ? Parse(root, errors) : null;

    public static ScoreWorkload? Parse(YamlValue root, FileErrors errors)
    {
        if (FieldMap.Open(root, "", errors, TopFields) is not { } top)
        {
            return null;
        }

        if (Scalars.String(top.Required("apiVersion"), "apiVersion", errors) is { } version && version.Value != ApiVersion)
        {
            errors.Add(version, "apiVersion", $"apiVersion must be '{ApiVersion}', got '{version.Value}'");
        }

        var metadata = FieldMap.Open(top.Required("metadata"), "metadata", errors, knownFields: null);
        YamlScalar? name = null;
        var annotations = ImmutableDictionary<string, string>.Empty;
        if (metadata is not null)
        {
            name = Scalars.String(metadata.Required("name"), "metadata.name", errors);
            if (name is not null && !Names.CheckLabel(name, "metadata.name", errors, "workload name"))
            {
                name = null;
            }

            annotations = ReadAnnotations(metadata, errors);
        }

        var (ports, portsComplete) = ReadPorts(FieldMap.Open(top.Get("service"), "service", errors, ServiceFields), errors);
        var containers = ReadContainers(top.Required("containers"), errors);
        var resources = ReadResources(top.Get("resources"), errors);

        return new ScoreWorkload(errors.File, name?.Value ?? "", name, metadata?.Node, annotations, ports, portsComplete, containers, resources);
    }

    /// <summary>Reads <c>annotations</c> of a metadata mapping (workload or resource).</summary>
    public static ImmutableDictionary<string, string> ReadAnnotations(FieldMap metadata, FileErrors errors)
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (FieldMap.Open(metadata.Get("annotations"), metadata.FieldOf("annotations"), errors, knownFields: null) is not { } map)
        {
            return result.ToImmutable();
        }

        foreach (var (key, value) in map.Node.Entries)
        {
            var field = map.FieldOf(key.Value);
            var valid = Names.Check(key, field, errors, "annotation key", 2, 316, Patterns.AnnotationKey(), AnnotationRule);
            if (Scalars.String(value, field, errors) is { } text && valid)
            {
                result[key.Value] = text.Value;
            }
        }

        return result.ToImmutable();
    }

    private static (ImmutableArray<PortSpec> Ports, bool Complete) ReadPorts(FieldMap? service, FileErrors errors)
    {
        if (service is null || FieldMap.Open(service.Get("ports"), "service.ports", errors, knownFields: null) is not { } ports)
        {
            return (ImmutableArray<PortSpec>.Empty, service is null || service.Get("ports") is null);
        }

        var before = errors.List.Count;
        var result = ImmutableArray.CreateBuilder<PortSpec>();
        foreach (var (key, value) in ports.Node.Entries)
        {
            var field = ports.FieldOf(key.Value);
            var nameValid = Names.CheckLabel(key, field, errors, "port name");
            if (FieldMap.Open(value, field, errors, PortFields) is not { } port)
            {
                continue;
            }

            var number = Scalars.Integer(port.Required("port"), port.FieldOf("port"), errors, 1, 65535);
            var protocol = port.Get("protocol") is { } p ? Scalars.OneOf(p, port.FieldOf("protocol"), errors, "TCP", "UDP") : "TCP";
            var target = port.Get("targetPort") is { } t ? Scalars.Integer(t, port.FieldOf("targetPort"), errors, 1, 65535) : number;
            if (nameValid && number is { } n && target is { } tp && protocol is not null)
            {
                result.Add(new PortSpec(key.Value, n, tp, protocol));
            }
        }

        return (result.ToImmutable(), errors.List.Count == before);
    }

    private static ImmutableArray<ScoreContainer> ReadContainers(YamlValue? value, FileErrors errors)
    {
        if (FieldMap.Open(value, "containers", errors, knownFields: null) is not { } containers)
        {
            return ImmutableArray<ScoreContainer>.Empty;
        }

        if (containers.Node.Entries.Count == 0)
        {
            errors.Add(containers.Node, "containers", "declare at least one container");
        }

        var result = ImmutableArray.CreateBuilder<ScoreContainer>();
        foreach (var (key, body) in containers.Node.Entries)
        {
            var field = containers.FieldOf(key.Value);
            var nameValid = Names.CheckLabel(key, field, errors, "container name");
            if (ScoreContainerParser.Parse(key.Value, body, field, errors) is { } container && nameValid)
            {
                result.Add(container);
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<ScoreResource> ReadResources(YamlValue? value, FileErrors errors)
    {
        if (FieldMap.Open(value, "resources", errors, knownFields: null) is not { } resources)
        {
            return ImmutableArray<ScoreResource>.Empty;
        }

        var result = ImmutableArray.CreateBuilder<ScoreResource>();
        foreach (var (key, body) in resources.Node.Entries)
        {
            var field = resources.FieldOf(key.Value);
            var nameValid = Names.CheckLabel(key, field, errors, "resource name");
            if (FieldMap.Open(body, field, errors, ResourceFields) is not { } resource)
            {
                continue;
            }

            var type = Scalars.String(resource.Required("type"), resource.FieldOf("type"), errors);
            if (type is not null && !Names.Check(type, resource.FieldOf("type"), errors, "resource type", 2, 63, Patterns.ResourceTypeOrClass(), TypeRule))
            {
                type = null;
            }

            var cls = Scalars.String(resource.Get("class"), resource.FieldOf("class"), errors);
            if (cls is not null && !Names.Check(cls, resource.FieldOf("class"), errors, "resource class", 2, 63, Patterns.ResourceTypeOrClass(), TypeRule))
            {
                cls = null;
            }

            var id = Scalars.String(resource.Get("id"), resource.FieldOf("id"), errors);
            if (id is not null && !Names.Check(id, resource.FieldOf("id"), errors, "resource id", 2, 63, Patterns.ResourceId(),
                "use lowercase letters, digits and '-' in labels separated by '.', not starting or ending with '-'"))
            {
                id = null;
            }

            if (FieldMap.Open(resource.Get("metadata"), resource.FieldOf("metadata"), errors, knownFields: null) is { } metadata)
            {
                ReadAnnotations(metadata, errors);
            }

            var parameters = FieldMap.Open(resource.Get("params"), resource.FieldOf("params"), errors, knownFields: null);
            if (nameValid)
            {
                result.Add(new ScoreResource(key.Value, field, key, resource.Node, type?.Value, type, cls?.Value, id?.Value, parameters?.Node));
            }
        }

        return result.ToImmutable();
    }
}
