using Gantry.AppModel.Loading;
using Gantry.AppModel.Provisioners;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// The resource types an app may use when it is rendered for a cluster: Gantry's built-in definitions (their params
/// and outputs are checked as on one machine), and the types only rendered for a cluster (<see cref="ClusterServices"/>)
/// with their outputs. Other types are left to the cluster, as before.
/// </summary>
public static class ClusterCatalog
{
    private static readonly Lazy<ProvisionerCatalog> Catalog = new(() => Create(ProvisionerFiles.LoadBuiltIn().Definitions));

    /// <summary>How <c>gantry render</c> loads an app: outputs by name only, standing in for values the cluster gives.</summary>
    public static AppLoadOptions LoadOptions { get; } = AppLoadOptions.Cluster with { Provisioners = Catalog.Value, ServiceAddresses = new ClusterServiceAddresses(null) };

    /// <summary>How an app is loaded for one environment's namespace, where it may call other apps' workloads that <paramref name="platform"/> knows.</summary>
    public static AppLoadOptions LoadOptionsFor(string environment, IServiceAddresses? platform = null) =>
        LoadOptions with { ServiceAddresses = new ClusterServiceAddresses(environment, platform) };

    public static ProvisionerCatalog Create(IEnumerable<ProvisionerDefinition> builtIn)
    {
        var definitions = builtIn.ToList();
        var missing = ClusterServices.All.Where(s => !definitions.Any(d => d.Type == s.Type && d.Class == ProvisionerDefinition.DefaultClass));
        return new ProvisionerCatalog([.. definitions, .. missing.Select(Definition)]);
    }

    private static ProvisionerDefinition Definition(ClusterService service) => new(
        service.Type,
        ProvisionerDefinition.DefaultClass,
        $"{service.Image} in the app's namespace (rendered for Kubernetes only)",
        "built-in:kubernetes",
        [],
        [.. service.Outputs.Select(o => new OutputDefinition(o.Name, "", service.IsSecret(o)))],
        [],
        null,
        [],
        [],
        null);
}
