using System.Globalization;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;
using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// Everything templates of one resource may name (docs/provisioners.md): the app, the resource's key, name, id and
/// params, its generated values, and its service's host, port, folders and generated values. Steps see the service as
/// its <see cref="Site"/> gives it to them; outputs give the app the host and port it reaches the service at.
/// </summary>
public sealed record ResourceContext(
    string App,
    ResourceSpec Resource,
    ProvisionerDefinition Definition,
    IReadOnlyDictionary<string, string> ResourceValues,
    ServiceLayout Service,
    ServiceSite Site,
    IReadOnlyDictionary<string, string> ServiceValues)
{
    /// <summary>What a resource is known by before its values exist: what its generated values are made from.</summary>
    public static TemplateValues Basis(string app, ResourceSpec resource, ProvisionerDefinition definition) =>
        TemplateValues.Empty
            .With(TemplatePaths.App, app)
            .With(TemplatePaths.ResourceKey, resource.Key)
            .With(TemplatePaths.ResourceName, resource.Workloads.IsDefaultOrEmpty ? resource.Key : resource.Workloads[0].Split(':')[1])
            .With(TemplatePaths.ResourceId, resource.Id ?? "")
            .WithParams(definition.Params, resource.Params);

    public TemplateValues Values => Basis(App, Resource, Definition)
        .WithGenerated(TemplatePaths.ResourcePrefix, Definition.Generated, ResourceValues)
        .With(TemplatePaths.ServiceHost, Site.StepHost)
        .With(TemplatePaths.ServicePort, Site.StepPort.ToString(CultureInfo.InvariantCulture))
        .With(TemplatePaths.ServiceData, Site.Data)
        .With(TemplatePaths.ServiceRun, Site.Run)
        .WithGenerated(TemplatePaths.ServicePrefix, Definition.Service?.Generated ?? [], ServiceValues);

    /// <summary>The outputs' values, as the app's variables receive them.</summary>
    public IReadOnlyDictionary<string, string> Outputs()
    {
        var values = Values
            .With(TemplatePaths.ServiceHost, Site.AppHost)
            .With(TemplatePaths.ServicePort, Site.AppPort.ToString(CultureInfo.InvariantCulture));
        return Definition.Outputs.ToDictionary(o => o.Name, o => TemplateRenderer.Render(o.Template, values), StringComparer.Ordinal);
    }

    /// <summary>Every secret value of the resource and its service (to scrub from output and hide).</summary>
    public IEnumerable<string> Secrets => Values.SecretValues;
}
