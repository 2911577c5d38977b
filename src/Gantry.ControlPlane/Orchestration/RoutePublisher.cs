using System.Collections.Immutable;
using Gantry.AppModel.Gateway;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.DataPlane;
using Gantry.Gateway.Config;
using Gantry.Gateway.Routing;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>Keeps each app's routes and puts the union in the gateways' configuration whenever an app's routes change.</summary>
/// <param name="table">This process's gateway, whose traffic history of a deleted app goes with the app.</param>
public sealed class RoutePublisher(GatewayConfigSource gateway, RoutingTable table)
{
    private readonly Lock _lock = new();
    private ImmutableDictionary<string, ImmutableArray<RouteConfig>> _byApp = ImmutableDictionary<string, ImmutableArray<RouteConfig>>.Empty;
    private ImmutableDictionary<string, ImmutableArray<(string Host, string Target)>> _domains =
        ImmutableDictionary<string, ImmutableArray<(string Host, string Target)>>.Empty;

    /// <summary>The hosts an app's own routes serve (custom domains not included).</summary>
    public ImmutableArray<string> HostsOf(string app)
    {
        lock (_lock)
        {
            return _byApp.TryGetValue(app, out var routes) ? [.. routes.Select(r => r.Host).Distinct(StringComparer.OrdinalIgnoreCase)] : [];
        }
    }

    /// <summary>Custom domains of an app: each is routed exactly like its target host. Publishes at once.</summary>
    public void SetDomains(string app, ImmutableArray<(string Host, string Target)> domains)
    {
        lock (_lock)
        {
            _domains = domains.IsEmpty ? _domains.Remove(app) : _domains.SetItem(app, domains);
            PublishAll(_byApp);
        }
    }

    public void Publish(string app, ImmutableArray<RouteConfig> routes)
    {
        lock (_lock)
        {
            // Instances report many changes that move no traffic (probe texts, restarts in backoff): publish only real changes.
            if (_byApp.TryGetValue(app, out var previous) && SameRoutes(previous, routes))
            {
                return;
            }

            // Remembered only once the gateway accepted them: a bad route set must not block every other app's updates.
            var next = _byApp.SetItem(app, routes);
            PublishAll(next);
            _byApp = next;
        }
    }

    public void Remove(string app)
    {
        lock (_lock)
        {
            var next = _byApp.Remove(app);
            PublishAll(next);
            _byApp = next;

            // A deleted app's traffic history goes with it; an app of the same name starts from zero.
            table.Metrics.Remove(app);
        }
    }

    /// <summary>HTTP routes as routes; hosts of 'tls: passthrough' routes, with their instances, as passthrough hosts.</summary>
    private void PublishAll(ImmutableDictionary<string, ImmutableArray<RouteConfig>> byApp)
    {
        var routes = Expand(byApp).ToList();

        // Passthrough apps speak TLS on their port: plain HTTP for their host gets the gateway's 404, not a garbled proxy.
        gateway.Update(snapshot => snapshot with
        {
            Routes = [.. routes.Where(r => r.Policy?.TlsPassthrough != true)],
            Passthrough =
            [
                .. routes
                    .Where(r => r.Policy?.TlsPassthrough == true)
                    .GroupBy(r => r.Host, StringComparer.OrdinalIgnoreCase)
                    .Select(g => new PassthroughConfig(g.Key, [.. g.SelectMany(r => r.Destinations).Select(d => new Uri(d.Address)).Select(u => $"{u.Host}:{u.Port}")])),
            ],
        });
    }

    /// <summary>Every app's routes plus, for each custom domain, copies of its target host's routes under the domain.</summary>
    private IEnumerable<RouteConfig> Expand(ImmutableDictionary<string, ImmutableArray<RouteConfig>> byApp)
    {
        foreach (var (app, routes) in byApp)
        {
            foreach (var route in routes)
            {
                yield return route;
            }

            foreach (var (host, target) in _domains.GetValueOrDefault(app, []))
            {
                foreach (var route in routes.Where(r => string.Equals(r.Host, target, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return route with { Host = host };
                }
            }
        }
    }

    /// <summary>One destination per instance and port: routes of one workload may reach different ports of the same instance.</summary>
    public static string DestinationId(string instanceId, int targetPort) => $"{instanceId}:{targetPort}";

    // Records compare their policies by reference: a policy object only changes with a new release's spec.
    private static bool SameRoutes(ImmutableArray<RouteConfig> a, ImmutableArray<RouteConfig> b) =>
        a.Length == b.Length && a.Zip(b).All(pair =>
            pair.First.Host == pair.Second.Host && pair.First.PathPrefix == pair.Second.PathPrefix
            && pair.First.App == pair.Second.App && pair.First.Workload == pair.Second.Workload
            && pair.First.RouteName == pair.Second.RouteName
            && ReferenceEquals(pair.First.Policy, pair.Second.Policy)
            && ReferenceEquals(pair.First.CircuitBreaker, pair.Second.CircuitBreaker)
            && pair.First.MaxConcurrentRequests == pair.Second.MaxConcurrentRequests
            && pair.First.Destinations.SequenceEqual(pair.Second.Destinations));

    /// <summary>
    /// Routes of an app from its workloads and the instances ready to serve them; a route with no ready instance still
    /// exists (the gateway answers 503, not 404). Policies come from the release being served when it has the route.
    /// </summary>
    public static ImmutableArray<RouteConfig> Compute(
        string app, IEnumerable<WorkloadSpec> targetWorkloads, IEnumerable<ManagedInstance> instances, int? maxConcurrentRequests = null)
    {
        var routes = new Dictionary<(string Host, string Path), (WorkloadSpec Workload, RouteSpec Route, List<DestinationConfig> Destinations)>();
        foreach (var workload in targetWorkloads)
        {
            foreach (var route in workload.Routes)
            {
                routes.TryAdd((route.Host, route.Path), (workload, route, []));
            }
        }

        foreach (var instance in instances)
        {
            var status = instance.Status;
            foreach (var route in instance.Workload.Routes)
            {
                if (!routes.TryGetValue((route.Host, route.Path), out var entry))
                {
                    entry = (instance.Workload, route, []);
                    routes[(route.Host, route.Path)] = entry;
                }

                if (status.Ready && status.HostPorts.TryGetValue(route.TargetPort, out var port))
                {
                    entry.Destinations.Add(new DestinationConfig(DestinationId(instance.Id, route.TargetPort), $"http://127.0.0.1:{port}"));
                }
            }
        }

        return [.. routes.Select(r => new RouteConfig(r.Key.Host, r.Key.Path, app, r.Value.Workload.Name, [.. r.Value.Destinations])
        {
            RouteName = r.Value.Route.Name,
            Policy = r.Value.Route.Policy.ToConfig(),
            CircuitBreaker = r.Value.Workload.CircuitBreaker.ToConfig(),
            MaxConcurrentRequests = maxConcurrentRequests,
        })];
    }
}
