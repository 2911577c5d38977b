using System.Collections.Immutable;
using System.Globalization;
using Gantry.AppModel.Spec;
using Gantry.Gateway.Config;

namespace Gantry.AppModel.Gateway;

/// <summary>
/// What a gateway in a cluster serves for one app, with no control plane to follow: the app's routes and policies,
/// each forwarded to its workload's Service (<c>http://WORKLOAD:PORT</c> in the app's namespace), and the app's API
/// keys (hashes) and blocks as they were when it was rendered.
/// </summary>
public static class ClusterGatewaySnapshot
{
    /// <summary>
    /// A rendered file is not a stream: it has no history to number. Every render says 1, so rendering the same app
    /// twice gives the same file (nothing to commit to a GitOps repository).
    /// </summary>
    public const long Version = 1;

    public static GatewaySnapshot For(AppSpec app, AppClientsConfig? clients) => new(Version)
    {
        Routes = Routes(app),
        Clients = clients is null ? [] : [clients],
    };

    private static ImmutableArray<RouteConfig> Routes(AppSpec app) =>
    [
        .. app.Workloads.SelectMany(w => w.Routes
            .Where(r => r.Policy?.TlsPassthrough != true)
            .Select(r => new RouteConfig(r.Host, r.Path, app.Name, w.Name, [Service(w.Name, r.Port)])
            {
                RouteName = r.Name,
                Policy = r.Policy.ToConfig(),
                CircuitBreaker = w.CircuitBreaker.ToConfig(),
                MaxConcurrentRequests = app.MaxConcurrentRequests,
            })),
    ];

    private static DestinationConfig Service(string workload, int port)
    {
        var number = port.ToString(CultureInfo.InvariantCulture);
        return new DestinationConfig($"{workload}:{number}", $"http://{workload}:{number}");
    }
}
