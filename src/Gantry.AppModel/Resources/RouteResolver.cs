using System.Globalization;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Resources;

/// <summary>Turns a <c>route</c> resource (params host, path, port) into a <see cref="RouteSpec"/> aimed at one of the workload's service ports.</summary>
internal static class RouteResolver
{
    private static readonly string[] Fields = ["host", "path", "port"];

    public static RouteSpec? Resolve(ScoreResource resource, WorkloadScope scope)
    {
        var errors = scope.Errors;
        var paramsField = FieldPath.Join(resource.Field, "params");
        if (resource.Params is null)
        {
            errors.Add(resource.Body, FieldPath.Join(paramsField, "host"), "a route needs params with 'host' and 'port'");
            return null;
        }

        var parameters = FieldMap.Open(resource.Params, paramsField, errors, Fields)!;
        var host = ReadHost(parameters, scope);
        var path = ReadPath(parameters, scope);
        var port = ReadPort(parameters, scope);
        var targetPort = port is { } p ? FindTargetPort(p, parameters, scope) : null;

        return host is not null && path is not null && port is not null && targetPort is not null
            ? new RouteSpec(host, path, port.Value, targetPort.Value) { Name = resource.Name }
            : null;
    }

    private static string? ReadHost(FieldMap parameters, WorkloadScope scope)
    {
        var field = parameters.FieldOf("host");
        if (Scalars.String(parameters.Required("host"), field, scope.Errors) is not { } node || scope.Expand(node, field) is not { } host)
        {
            return null;
        }

        return Names.CheckHost(node, host, field, scope.Errors) ? host : null;
    }

    private static string? ReadPath(FieldMap parameters, WorkloadScope scope)
    {
        var field = parameters.FieldOf("path");
        if (parameters.Get("path") is null)
        {
            return "/";
        }

        if (Scalars.String(parameters.Get("path"), field, scope.Errors) is not { } node || scope.Expand(node, field) is not { } path)
        {
            return null;
        }

        if (!path.StartsWith('/') || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#'))
        {
            scope.Errors.Add(node, field, $"path '{path}' is not valid: it must start with '/' and hold no spaces, '?' or '#'");
            return null;
        }

        // The gateway matches prefixes on segment boundaries, so '/api/' and '/api' are one route: keep one spelling.
        var trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    private static int? ReadPort(FieldMap parameters, WorkloadScope scope)
    {
        var field = parameters.FieldOf("port");
        var value = parameters.Required("port");
        if (value is YamlScalar { IsInteger: true } || value is not YamlScalar { IsNull: false } node)
        {
            return Scalars.Integer(value, field, scope.Errors, 1, 65535);
        }

        // Not a plain number: a placeholder that expands to one, or the name of a service port (Score allows both).
        if (scope.Expand(node, field) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        if (scope.Workload.Ports.FirstOrDefault(p => p.Name == text) is { } named)
        {
            return named.Port;
        }

        var names = scope.Workload.Ports.Select(p => p.Name).ToList();
        scope.Errors.Add(node, field, names.Count == 0
            ? $"expected a port number between 1 and 65535, got '{text}'"
            : $"expected a port number between 1 and 65535 or the name of a service port ({string.Join(", ", names)}), got '{text}'");
        return null;
    }

    private static int? FindTargetPort(int port, FieldMap parameters, WorkloadScope scope)
    {
        var workload = scope.Workload;
        if (workload.Ports.FirstOrDefault(p => p.Port == port) is { } match)
        {
            return match.TargetPort;
        }

        if (!workload.PortsComplete)
        {
            return null;
        }

        var at = parameters.Get("port")!;
        var message = workload.Ports.IsEmpty
            ? $"the route sends traffic to port {port}, but the workload declares no service.ports; add one with 'port: {port}'"
            : $"port {port} is not one of the workload's service ports ({string.Join(", ", workload.Ports.Select(p => p.Port))})";
        scope.Errors.Add(at, parameters.FieldOf("port"), message);
        return null;
    }
}
