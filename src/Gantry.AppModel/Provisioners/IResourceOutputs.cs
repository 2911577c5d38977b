using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Provisioners;

/// <summary>
/// The values of provisioned resources' outputs, for the server's second load of an app, once its resources have
/// records (names, generated passwords, the service's port). Without it (the CLI checking an app, a first load) the
/// outputs are known by name only and stand in as <c>${resources.NAME.OUTPUT}</c>-like placeholders.
/// </summary>
public interface IResourceOutputs
{
    /// <summary>The output's value; null when the resource has no record yet (the loader reports it).</summary>
    string? Output(ResourceSpec resource, string output);
}
