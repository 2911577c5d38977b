using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// A provisioned resource as an operator's custom resource instead of Gantry's own StatefulSet: the operator runs the
/// server, its Services and its claims. Same outputs, read the same way (docs/kubernetes.md).
/// </summary>
internal static class OperatorRenderer
{
    public const string CnpgApiVersion = "postgresql.cnpg.io/v1";
    public const string CnpgKind = "Cluster";
    public const string RabbitApiVersion = "rabbitmq.com/v1beta1";
    public const string RabbitKind = "RabbitmqCluster";

    public static IEnumerable<object> Render(AppSpec app, ClusterResource resource, RenderOptions options, V1ObjectMeta meta) => resource.Service.Operator switch
    {
        ClusterServices.CloudNativePg => CloudNativePg(resource, options, meta),
        ClusterServices.RabbitMqOperator => [Rabbit(resource, meta)],
        var other => throw new RenderException($"no rendering for operator '{other}'"),
    };

    private static IEnumerable<object> CloudNativePg(ClusterResource resource, RenderOptions options, V1ObjectMeta meta)
    {
        if (options.IncludeSecretValues)
        {
            // The operator reads the owner's name and password from a basic-auth Secret; the app reads the same keys.
            var secret = ResourceRenderer.Secret(resource, options, meta);
            secret.Type = "kubernetes.io/basic-auth";
            yield return secret;
        }

        var identifier = resource.Identifier;
        yield return new CustomObject(CnpgApiVersion, CnpgKind)
        {
            Metadata = meta,
            Spec = new Dictionary<string, object>
            {
                ["instances"] = 1,
                ["imageName"] = resource.Service.Image,
                ["storage"] = new Dictionary<string, object> { ["size"] = "1Gi" },
                ["bootstrap"] = new Dictionary<string, object>
                {
                    ["initdb"] = new Dictionary<string, object>
                    {
                        ["database"] = identifier,
                        ["owner"] = identifier,
                        ["secret"] = new Dictionary<string, object> { ["name"] = resource.SecretName },
                    },
                },
            },
        };
    }

    private static CustomObject Rabbit(ClusterResource resource, V1ObjectMeta meta) => new(RabbitApiVersion, RabbitKind)
    {
        Metadata = meta,
        Spec = new Dictionary<string, object>
        {
            ["replicas"] = 1,
            ["image"] = resource.Service.Image,
            ["persistence"] = new Dictionary<string, object> { ["storage"] = "1Gi" },
        },
    };
}
