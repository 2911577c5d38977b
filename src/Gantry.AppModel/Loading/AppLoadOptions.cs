using Gantry.AppModel.Compose;
using Gantry.AppModel.Provisioners;
using Gantry.Gateway.Config;

namespace Gantry.AppModel.Loading;

/// <summary>How strictly an app is loaded for where it will run.</summary>
/// <param name="ExternalResources">
/// For a target that provisions what Gantry does not (a Kubernetes cluster): resource types Gantry does not know are
/// accepted as provisioned elsewhere (their outputs cannot be used in placeholders), and a volume source that is not a
/// volume resource names an existing volume (a PersistentVolumeClaim).
/// </param>
public sealed record AppLoadOptions(bool ExternalResources = false)
{
    /// <summary>
    /// Where the platform's gateway may fetch JWKS URLs from; a literal address it refuses is an error. Null where the
    /// platform is not known (the CLI checking before an upload): only what no platform accepts is refused.
    /// </summary>
    public JwksFetchPolicy? JwksUrls { get; init; }

    /// <summary>The resource types the platform provisions (postgres, redis, …) beyond route, dns and volume.</summary>
    public ProvisionerCatalog Provisioners { get; init; } = ProvisionerCatalog.Empty;

    /// <summary>The values of provisioned outputs; null: known by name only, standing in for the values (see <see cref="IResourceOutputs"/>).</summary>
    public IResourceOutputs? ResourceOutputs { get; init; }

    /// <summary>What <c>environment</c> resources read; null: not known here, so their outputs stand in as placeholders.</summary>
    public EnvironmentSettings? Settings { get; init; }

    /// <summary>Where s3 resources get their buckets; null: not known here (outputs stand in as placeholders; a cluster load refuses them).</summary>
    public IObjectStorage? ObjectStorage { get; init; }

    /// <summary>Where service-port resources lead; null: not known here, so their outputs stand in as placeholders and other apps are not checked.</summary>
    public IServiceAddresses? ServiceAddresses { get; init; }

    /// <summary>How a compose file given as the entry is imported (its project name when it has no 'name:', the profiles).</summary>
    public ComposeImportOptions Compose { get; init; } = ComposeImportOptions.Default;

    public static AppLoadOptions Local { get; } = new();

    public static AppLoadOptions Cluster { get; } = new(ExternalResources: true);
}
