namespace Gantry.AppModel.Loading;

/// <summary>How strictly an app is loaded for where it will run.</summary>
/// <param name="ExternalResources">
/// For a target that provisions what Gantry does not (a Kubernetes cluster): resource types Gantry does not know are
/// accepted as provisioned elsewhere (their outputs cannot be used in placeholders), and a volume source that is not a
/// volume resource names an existing volume (a PersistentVolumeClaim).
/// </param>
public sealed record AppLoadOptions(bool ExternalResources = false)
{
    public static AppLoadOptions Local { get; } = new();

    public static AppLoadOptions Cluster { get; } = new(ExternalResources: true);
}
