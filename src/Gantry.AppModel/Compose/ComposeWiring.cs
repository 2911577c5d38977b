using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.AppModel.Compose;

/// <summary>
/// What Compose's network gave for free: services call each other by name (<c>db:5432</c>,
/// <c>postgres://u:p@db/app</c>). Such names in variables become a service-port resource's hostname and port; a
/// service's published HTTP port becomes a route.
/// </summary>
internal static partial class ComposeWiring
{
    public static void Rewire(List<ServiceDraft> drafts, ComposeContext context)
    {
        var names = drafts.ToDictionary(d => d, d => NameInValue(d.Service));
        foreach (var draft in drafts)
        {
            var rewired = new List<string>();
            foreach (var name in draft.Variables.Keys.ToList())
            {
                var value = (string)draft.Variables[name]!;
                foreach (var target in drafts.Where(t => t != draft))
                {
                    value = RewireHost(value, names[target], target, draft, name, context, rewired);
                }

                draft.Variables[name] = value;
            }

            if (rewired.Count > 0)
            {
                context.Approximate(draft.At, $"{draft.Field}.environment",
                    $"{string.Join(", ", rewired.Distinct())} name other services: rewired to their addresses on Gantry (service-port resources)");
            }
        }
    }

    /// <summary>depends_on → gantry.yaml's dependsOn: service_healthy waits for a ready instance, the others for a started one.</summary>
    /// <param name="provisioned">Services made resources (--provision): provisioned before a release starts, so not waited for.</param>
    public static void MapDependsOn(List<ServiceDraft> drafts, ComposeContext context, IReadOnlySet<string> leftOut, IReadOnlySet<string> provisioned)
    {
        foreach (var draft in drafts)
        {
            foreach (var (service, condition, at) in draft.DependsOn)
            {
                var field = $"{draft.Field}.depends_on.{service}";
                if (provisioned.Contains(service))
                {
                    continue;
                }

                if (drafts.FirstOrDefault(d => d.Service == service) is not { } target)
                {
                    if (leftOut.Contains(service))
                    {
                        context.LeaveOut(at, field, $"'{service}' is not imported (its profile is not selected), so it is not waited for");
                    }
                    else
                    {
                        context.Refuse(at, field, $"'{service}' is not a service of this file");
                    }

                    continue;
                }

                switch (condition)
                {
                    case "service_healthy":
                        draft.WaitsFor[target.Workload] = "healthy";
                        break;
                    case "service_started":
                        draft.WaitsFor.TryAdd(target.Workload, "started");
                        break;
                    case "service_completed_successfully":
                        draft.WaitsFor.TryAdd(target.Workload, "started");
                        context.Approximate(at, field, $"Gantry runs '{service}' as a long-running workload, not a one-shot task: {draft.Service} waits until it has started, not until it has completed");
                        break;
                    default:
                        context.Refuse(at, field, $"'{condition}' is not a condition: use service_started, service_healthy or service_completed_successfully");
                        break;
                }
            }
        }
    }

    public static void AddRoutes(List<ServiceDraft> drafts)
    {
        foreach (var draft in drafts.Where(d => d.RoutedPort is not null))
        {
            // The app's first dns resource is APP.localhost, later ones NAME.APP.localhost: named after the workload.
            var dns = draft.FreeResourceName(draft.Workload, "host");
            draft.Resources[dns] = new OrderedDictionary<string, object?> { ["type"] = "dns" };
            draft.Resources[draft.FreeResourceName("route", "http")] = new OrderedDictionary<string, object?>
            {
                ["type"] = "route",
                ["params"] = new OrderedDictionary<string, object?> { ["host"] = $"${{resources.{dns}.host}}", ["path"] = "/", ["port"] = draft.RoutedPort },
            };
        }
    }

    /// <summary>
    /// A service's name where a value names a host: the whole value, after <c>scheme://</c> or <c>user@</c>, in a
    /// comma-separated list (<c>kafka1:9092,kafka2:9092</c>), or as a connection string's host
    /// (<c>host=db port=5432</c>, <c>Server=db;Database=app</c>); with an optional port.
    /// </summary>
    private static Regex NameInValue(string service) => new(
        $@"(?<=^|://|@|,|(?:^|[\s;])(?i:host|hostaddr|server|data source)=){Regex.Escape(service)}(?::(?<port>\d{{1,5}}))?(?=$|[/?#,;\s])",
        RegexOptions.CultureInvariant);

    private static string RewireHost(string value, Regex pattern, ServiceDraft target, ServiceDraft caller, string variable, ComposeContext context, List<string> rewired)
    {
        if (!pattern.IsMatch(value) || (value == target.Service && !HostVariable().IsMatch(variable)))
        {
            // A value that is just the name (a user, a database called like the service) is a host only in a variable named for one.
            return value;
        }

        return pattern.Replace(value, match =>
        {
            // In a list, a bare name is a host only with a port or in a variable named for hosts ("public,storage" lists schemas).
            if (!match.Groups["port"].Success && InList(value, match) && !HostVariable().IsMatch(variable))
            {
                return match.Value;
            }

            var port = match.Groups["port"].Success ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) : DefaultPort(target);
            if (port is not { } number)
            {
                context.LeaveOut(caller.At, $"{caller.Field}.environment.{variable}",
                    $"names service '{target.Service}', which declares no port: give it 'expose' so it can be called on Gantry");
                return match.Value;
            }

            target.AddPort(number, "TCP");
            var resource = Resource(caller, target, number);
            rewired.Add(variable);
            return match.Groups["port"].Success
                ? $"${{resources.{resource}.hostname}}:${{resources.{resource}.port}}"
                : $"${{resources.{resource}.hostname}}";
        });
    }

    private static bool InList(string value, Match match) =>
        (match.Index > 0 && value[match.Index - 1] == ',') || (match.Index + match.Length < value.Length && value[match.Index + match.Length] == ',');

    /// <summary>The caller's service-port resource for the target's port, made the first time it is needed.</summary>
    private static string Resource(ServiceDraft caller, ServiceDraft target, int port)
    {
        foreach (var (name, value) in caller.Resources)
        {
            if (value is OrderedDictionary<string, object?> { } existing && existing["type"] as string == "service-port"
                && existing["params"] is OrderedDictionary<string, object?> p && (string)p["workload"]! == target.Workload && (int)p["port"]! == port)
            {
                return name;
            }
        }

        var resource = caller.FreeResourceName(target.Workload, port.ToString(CultureInfo.InvariantCulture));
        caller.Resources[resource] = new OrderedDictionary<string, object?>
        {
            ["type"] = "service-port",
            ["params"] = new OrderedDictionary<string, object?> { ["workload"] = target.Workload, ["port"] = port },
        };
        return resource;
    }

    [GeneratedRegex("HOST|ADDR|SERVER|ENDPOINT|URL|URI|DSN|BROKER", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostVariable();

    private static int? DefaultPort(ServiceDraft target) =>
        target.Ports.Values.OfType<OrderedDictionary<string, object?>>().Select(p => p["port"]).OfType<int>().Cast<int?>().FirstOrDefault()
        ?? (target.Image is { } image ? KnownImages.PortOf(image) : null);
}
