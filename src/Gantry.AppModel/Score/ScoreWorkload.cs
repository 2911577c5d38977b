using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Score;

/// <summary>
/// A Score workload as validated against the schema, before placeholders and resources are resolved.
/// Strings that may hold placeholders keep their YAML nodes so errors in them can be located.
/// </summary>
internal sealed record ScoreWorkload(
    string File,
    string Name,
    YamlScalar? NameNode,
    YamlMap? Metadata,
    ImmutableDictionary<string, string> Annotations,
    ImmutableArray<PortSpec> Ports,
    bool PortsComplete,
    ImmutableArray<ScoreContainer> Containers,
    ImmutableArray<ScoreResource> Resources);

/// <summary>A container as written; <c>Field</c> is its path for errors (<c>containers.web</c>).</summary>
internal sealed record ScoreContainer(
    string Name,
    string Field,
    YamlScalar? Image,
    ImmutableArray<YamlScalar> Command,
    ImmutableArray<YamlScalar> Args,
    ImmutableArray<ScoreVariable> Variables,
    ImmutableArray<ScoreFile> Files,
    ImmutableArray<ScoreVolume> Volumes,
    ResourcesSpec? Resources,
    ProbeSpec? LivenessProbe,
    ProbeSpec? ReadinessProbe);

/// <summary>A volume mount; its source usually names a volume resource through a placeholder.</summary>
internal sealed record ScoreVolume(string Target, string Field, YamlScalar Source, string? Path, bool ReadOnly);

/// <summary>An environment variable whose value may hold placeholders.</summary>
internal sealed record ScoreVariable(string Name, string Field, YamlScalar Value);

/// <summary>A file to place in the container; exactly one of Content, BinaryContent and Source is set when valid.</summary>
internal sealed record ScoreFile(
    string Target,
    string Field,
    string? Mode,
    YamlScalar? Content,
    string? BinaryContent,
    YamlScalar? Source,
    bool NoExpand);

/// <summary>A resource dependency; <c>Params</c> stays YAML because its shape depends on the type.</summary>
internal sealed record ScoreResource(
    string Name,
    string Field,
    YamlScalar Key,
    YamlMap Body,
    string? Type,
    YamlScalar? TypeNode,
    string? Class,
    string? Id,
    YamlMap? Params);
