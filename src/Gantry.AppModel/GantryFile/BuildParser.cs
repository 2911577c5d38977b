using System.Collections.Immutable;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile;

/// <summary>A workload's <c>build</c>: <c>context</c> (required), <c>dockerfile</c>, <c>target</c>, <c>args</c>.</summary>
internal static class BuildParser
{
    private static readonly string[] Fields = ["context", "dockerfile", "target", "args"];

    public static ParsedBuild? Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, Fields) is not { } build)
        {
            return null;
        }

        var context = Scalars.NonEmptyString(build.Required("context"), build.FieldOf("context"), errors);
        var dockerfile = Scalars.NonEmptyString(build.Get("dockerfile"), build.FieldOf("dockerfile"), errors);
        var target = Scalars.NonEmptyString(build.Get("target"), build.FieldOf("target"), errors);
        var args = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (FieldMap.Open(build.Get("args"), build.FieldOf("args"), errors, knownFields: null) is { } map)
        {
            foreach (var (key, item) in map.Node.Entries)
            {
                if (Scalars.String(item, map.FieldOf(key.Value), errors) is { } text)
                {
                    args[key.Value] = text.Value;
                }
            }
        }

        return context is null ? null : new ParsedBuild(context, dockerfile, target?.Value, args.ToImmutable(), build.Node);
    }
}

/// <summary>A build as written: the context and dockerfile stay nodes until they are resolved against gantry.yaml's folder.</summary>
internal sealed record ParsedBuild(YamlScalar Context, YamlScalar? Dockerfile, string? Target, ImmutableDictionary<string, string> Args, YamlMap Node);
