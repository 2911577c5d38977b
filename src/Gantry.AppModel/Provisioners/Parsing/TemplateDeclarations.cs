using System.Collections.Immutable;
using Gantry.AppModel.Provisioners.Templates;

namespace Gantry.AppModel.Provisioners.Parsing;

/// <summary>What a definition declares that templates can name: its params, generated values and whether it has a service.</summary>
internal sealed record TemplateDeclarations(
    ImmutableArray<ParamDefinition> Params,
    ImmutableArray<GeneratedValue> ResourceGenerated,
    ImmutableArray<GeneratedValue> ServiceGenerated,
    bool HasService)
{
    /// <summary>The paths known in a context, in the order they are listed in messages.</summary>
    public IReadOnlyList<string> PathsFor(TemplateContext context)
    {
        var service = TemplatePaths.ServiceBuiltIns.Concat(ServiceGenerated.Select(g => TemplatePaths.Service(g.Name)));
        var resource = new[] { TemplatePaths.App }
            .Concat(TemplatePaths.ResourceBuiltIns)
            .Concat(Params.Select(p => TemplatePaths.Param(p.Name)));
        return context switch
        {
            TemplateContext.ResourceGenerate => [.. resource],
            TemplateContext.ServiceGenerate => [.. TemplatePaths.ServiceBuiltIns],
            TemplateContext.Service => [.. service],
            _ => [.. resource,
                .. ResourceGenerated.Select(g => TemplatePaths.Resource(g.Name)),
                .. HasService ? service : [],
                .. context == TemplateContext.ForEach ? [TemplatePaths.Item] : Array.Empty<string>()],
        };
    }

    /// <summary>The generated values whose paths hold secrets.</summary>
    public bool IsSecret(string path) =>
        ResourceGenerated.Any(g => g.Secret && TemplatePaths.Resource(g.Name) == path)
        || ServiceGenerated.Any(g => g.Secret && TemplatePaths.Service(g.Name) == path);

    public ParamDefinition? Param(string name) => Params.FirstOrDefault(p => p.Name == name);
}
