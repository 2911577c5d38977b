using Gantry.Gateway.Config;

namespace Gantry.Kubernetes;

/// <summary>Where and how an app is rendered for a cluster.</summary>
/// <param name="Environment">The environment (dev, staging, prod…): part of the namespace, <c>APP-ENVIRONMENT</c>.</param>
/// <param name="GatewayName">The Gateway API <c>Gateway</c> the app's HTTPRoutes attach to.</param>
/// <param name="IncludeSecretValues">False leaves Secret objects out (a GitOps repository must not hold them); the Deployments still refer to them.</param>
/// <param name="GatewayImage">The gateway's image (gantry-gateway, built with deploy/gateway.Containerfile), for apps whose route policies need Gantry's gateway in the cluster; default REGISTRY/gantry-gateway:TAG.</param>
/// <param name="ImageRegistry">Where images built from source (<c>image: .</c>) are pushed: <c>REGISTRY/APP-WORKLOAD:TAG</c>.</param>
public sealed record RenderOptions(
    string Environment = "prod",
    string GatewayName = "gantry",
    string GatewayNamespace = RenderOptions.SystemNamespace,
    string ImageRegistry = "registry.local",
    string ImageTag = "latest",
    bool IncludeSecretValues = true,
    string? GatewayImage = null)
{
    /// <summary>Gantry's own namespace in a cluster: its gateway by default, and the teams' ServiceAccounts and tokens.</summary>
    public const string SystemNamespace = "gantry-system";

    /// <summary>Hosts Gantry picked for one machine (<c>NAME.localhost</c>) become <c>NAME.DOMAIN</c>; null keeps every host.</summary>
    public string? Domain { get; init; }

    /// <summary>The app's API keys (hashes) and blocks for Gantry's gateway in the cluster; null: none (an offline render).</summary>
    public AppClientsConfig? GatewayClients { get; init; }

    /// <summary>
    /// Derives the passwords of provisioned resources (postgres, redis, amqp) so every render gives the same ones;
    /// null: random on each render. Keep it as secret as the passwords.
    /// </summary>
    public string? CredentialsKey { get; init; }

    /// <summary>
    /// Operators the cluster runs, whose resources replace Gantry's own StatefulSets: <c>cloudnative-pg</c> (postgres as
    /// a CloudNativePG <c>Cluster</c>), <c>rabbitmq</c> (amqp as a <c>RabbitmqCluster</c>).
    /// </summary>
    public IReadOnlySet<string> Operators { get; init; } = new HashSet<string>();

    /// <summary>The operators Gantry can render for.</summary>
    public static IReadOnlyList<string> KnownOperators { get; } = [Resources.ClusterServices.CloudNativePg, Resources.ClusterServices.RabbitMqOperator];
}
