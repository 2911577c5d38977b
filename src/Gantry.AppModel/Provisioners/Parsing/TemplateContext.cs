namespace Gantry.AppModel.Provisioners.Parsing;

/// <summary>Where a template is written, which decides the paths it may name (docs/provisioners.md, "Template paths").</summary>
internal enum TemplateContext
{
    /// <summary>A resource's <c>generate</c>: made before anything else of the resource exists.</summary>
    ResourceGenerate,

    /// <summary>The service's <c>generate</c>.</summary>
    ServiceGenerate,

    /// <summary>The service itself (process, container, ready): shared by every resource, so no resource paths.</summary>
    Service,

    /// <summary>Outputs, provision, deprovision and backup steps: everything but <c>item</c>.</summary>
    Resource,

    /// <summary>A provision or deprovision step with <c>forEach</c>: everything and <c>item</c>.</summary>
    ForEach,
}
