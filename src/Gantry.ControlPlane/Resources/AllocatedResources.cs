using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Resources;

/// <summary>An app's resources once they have records: their contexts, and the outputs the app's second load reads.</summary>
public sealed class AllocatedResources(IReadOnlyDictionary<string, ResourceContext> contexts) : IResourceOutputs
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _outputs = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ResourceContext> Contexts { get; } = contexts;

    public string? Output(ResourceSpec resource, string output)
    {
        if (!Contexts.TryGetValue(resource.Key, out var context))
        {
            return null;
        }

        if (!_outputs.TryGetValue(resource.Key, out var outputs))
        {
            outputs = context.Outputs();
            _outputs[resource.Key] = outputs;
        }

        return outputs.GetValueOrDefault(output);
    }
}
