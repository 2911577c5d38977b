using System.Globalization;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Resources;

/// <summary>The service port a <c>service-port</c> resource leads to; <see cref="Port"/> is null where another app cannot be checked.</summary>
internal sealed record ServicePortTarget(string App, string Workload, PortSpec? Port);

/// <summary>
/// Reads a <c>service-port</c> resource (params <c>workload</c>, <c>port</c> by name or number, and <c>app</c> for
/// another app's workload, as score-compose and score-k8s read it) and finds the port it names.
/// </summary>
internal static class ServicePortResolver
{
    private static readonly string[] Fields = ["workload", "port", "app"];

    public static ServicePortTarget? Resolve(ScoreResource resource, WorkloadScope scope)
    {
        var errors = scope.Errors;
        var paramsField = FieldPath.Join(resource.Field, "params");
        if (resource.Params is null)
        {
            errors.Add(resource.Body, FieldPath.Join(paramsField, "workload"),
                "a service-port resource needs params with 'workload' (the workload to call) and 'port' (the name of its service port)");
            return null;
        }

        var parameters = FieldMap.Open(resource.Params, paramsField, errors, Fields);
        if (parameters is null)
        {
            return null;
        }

        var workload = ReadName(parameters, "workload", required: true, scope);
        var app = parameters.Get("app") is null ? scope.App : ReadName(parameters, "app", required: false, scope);
        var portNode = Scalars.String(parameters.Required("port"), parameters.FieldOf("port"), errors);
        var port = portNode is null ? null : scope.Expand(portNode, parameters.FieldOf("port"));
        if (workload is null || app is null || port is null)
        {
            return null;
        }

        var at = parameters.Get("workload")!;
        if (app == scope.App)
        {
            if (!scope.AppWorkloads.TryGetValue(workload, out var target))
            {
                errors.Add(at, parameters.FieldOf("workload"),
                    $"app '{app}' has no workload '{workload}' (its workloads: {string.Join(", ", scope.AppWorkloads.Keys)}){Suggestions.Hint(workload, scope.AppWorkloads.Keys)}; name another app's workload with 'app'");
                return null;
            }

            // A workload whose own ports are wrong has its errors reported at them already.
            return target.PortsComplete ? Find(app, workload, target.Ports, port, portNode!, parameters, scope) : null;
        }

        if (scope.ServiceAddresses is null)
        {
            return new ServicePortTarget(app, workload, null);
        }

        if (scope.ServiceAddresses.PortsOf(app, workload) is not { } ports)
        {
            errors.Add(at, parameters.FieldOf("workload"), $"app '{app}' has no workload '{workload}' deployed here (another app's workloads are known only where it is deployed: deploy it first; gantry render sees one app, a promotion sees them all)");
            return null;
        }

        return Find(app, workload, ports, port, portNode!, parameters, scope);
    }

    private static string? ReadName(FieldMap parameters, string key, bool required, WorkloadScope scope)
    {
        var field = parameters.FieldOf(key);
        var value = required ? parameters.Required(key) : parameters.Get(key);
        return Scalars.NonEmptyString(value, field, scope.Errors) is { } node ? scope.Expand(node, field) : null;
    }

    private static ServicePortTarget? Find(
        string app, string workload, IReadOnlyList<PortSpec> ports, string port, YamlScalar node, FieldMap parameters, WorkloadScope scope)
    {
        var found = ports.FirstOrDefault(p => p.Name == port)
            ?? (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? ports.FirstOrDefault(p => p.Port == number) : null);
        if (found is not null)
        {
            return new ServicePortTarget(app, workload, found);
        }

        var names = ports.Select(p => p.Name).ToList();
        scope.Errors.Add(node, parameters.FieldOf("port"), ports.Count == 0
            ? $"workload '{workload}' of app '{app}' declares no service.ports to call"
            : $"workload '{workload}' of app '{app}' has no service port '{port}' (its ports: {string.Join(", ", ports.Select(p => $"{p.Name} ({p.Port})"))}){Suggestions.Hint(port, names)}");
        return null;
    }
}
