using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Score;

/// <summary>Validates a container's <c>livenessProbe</c> or <c>readinessProbe</c>.</summary>
internal static class ScoreProbeParser
{
    private static readonly string[] ProbeFields = ["httpGet", "exec"];
    private static readonly string[] HttpFields = ["host", "scheme", "path", "port", "httpHeaders"];
    private static readonly string[] HeaderFields = ["name", "value"];

    public static ProbeSpec? Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, ProbeFields) is not { } probe)
        {
            return null;
        }

        if (probe.Get("httpGet") is null && probe.Get("exec") is null)
        {
            errors.Add(probe.Node, field, "a probe needs 'httpGet' or 'exec'");
            return null;
        }

        var http = ParseHttp(probe.Get("httpGet"), probe.FieldOf("httpGet"), errors);
        var exec = ImmutableArray<string>.Empty;
        if (FieldMap.Open(probe.Get("exec"), probe.FieldOf("exec"), errors, ["command"]) is { } execMap)
        {
            var command = Scalars.StringList(execMap.Required("command"), execMap.FieldOf("command"), errors);
            exec = command is { } items ? [.. items.Select(i => i.Value)] : [];
        }

        return new ProbeSpec(http, exec);
    }

    private static HttpProbeSpec? ParseHttp(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, HttpFields) is not { } http)
        {
            return null;
        }

        var port = Scalars.Integer(http.Required("port"), http.FieldOf("port"), errors, 1, 65535);
        var path = Scalars.String(http.Required("path"), http.FieldOf("path"), errors);
        if (path is not null && !path.Value.StartsWith('/'))
        {
            errors.Add(path, http.FieldOf("path"), $"path '{path.Value}' must start with '/', for example /healthz");
            path = null;
        }
        var scheme = http.Get("scheme") is { } s ? Scalars.OneOf(s, http.FieldOf("scheme"), errors, "HTTP", "HTTPS") : "HTTP";
        var host = Scalars.NonEmptyString(http.Get("host"), http.FieldOf("host"), errors);
        var headers = ParseHeaders(http.Get("httpHeaders"), http.FieldOf("httpHeaders"), errors);

        return port is { } p && path is not null && scheme is not null
            ? new HttpProbeSpec(p, path.Value, scheme, host?.Value, headers)
            : null;
    }

    private static ImmutableArray<HttpHeaderSpec> ParseHeaders(YamlValue? value, string field, FileErrors errors)
    {
        if (value is null)
        {
            return [];
        }

        if (value is not YamlList list)
        {
            errors.Add(value, field, $"expected a list of headers ('- name: ...' and 'value: ...'), got {value.Describe()}");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<HttpHeaderSpec>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (FieldMap.Open(list.Items[i], FieldPath.Index(field, i), errors, HeaderFields) is not { } header)
            {
                continue;
            }

            var name = Scalars.String(header.Required("name"), header.FieldOf("name"), errors);
            if (name is not null && !Patterns.HeaderName().IsMatch(name.Value))
            {
                errors.Add(name, header.FieldOf("name"), $"header name '{name.Value}' is not valid: use letters, digits, '-' and '_'");
                name = null;
            }

            var headerValue = Scalars.NonEmptyString(header.Required("value"), header.FieldOf("value"), errors);
            if (name is not null && headerValue is not null)
            {
                result.Add(new HttpHeaderSpec(name.Value, headerValue.Value));
            }
        }

        return result.ToImmutable();
    }
}
