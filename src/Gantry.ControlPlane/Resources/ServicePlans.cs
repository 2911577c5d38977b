using System.Collections.Immutable;
using System.Globalization;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;
using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;

namespace Gantry.ControlPlane.Resources;

/// <summary>Renders a definition's templates into what the service host and step runner run (no templates left).</summary>
public static class ServicePlans
{
    /// <summary>The plan of a resource's platform server on the process runtime.</summary>
    public static ServicePlan For(ResourceContext context)
    {
        var definition = context.Definition;
        var process = definition.Service?.Process
            ?? throw new ResourceException(definition.Service?.Container is null
                ? $"{definition.Type} ({definition.Class}) has no way to run on the process runtime (its definition, {definition.Source}, has no service.process)"
                : $"{definition.Type} ({definition.Class}) runs only on the container runtime (gantry up --runtime container): its definition, {definition.Source}, has no service.process for the process runtime"
                    + (definition.Type == "s3" ? "; or start Gantry with --s3-endpoint URL to give apps buckets on an S3-compatible server" : ""));
        var values = ServiceValues(context);
        var folders = BinaryFolders(process.Binaries);
        var secrets = values.SecretValues.ToImmutableArray();
        return new ServicePlan(
            context.Service.Name,
            context.Service.Home,
            context.Service.Data,
            context.Service.Run,
            context.Service.Log,
            [.. process.Run.Select(arg => TemplateRenderer.Render(arg, values))],
            process.Environment.ToImmutableDictionary(e => e.Key, e => TemplateRenderer.Render(e.Value, values), StringComparer.Ordinal),
            process.User,
            folders,
            context.Site.StepPort,
            [.. StepRenderer.RenderAll(process.Init, values).Select(step => Plan(step, folders, process.Package))],
            definition.Service!.Ready is { } ready ? Plan(StepRenderer.Render(ready, values)[0], folders, process.Package) : null)
        {
            Package = process.Package,
            StopSignal = process.StopSignal,
            Secrets = secrets,
        };
    }

    /// <summary>The plan of a resource's platform server on the container runtime.</summary>
    public static ContainerServicePlan ContainerFor(ResourceContext context, ServicePlacement placement)
    {
        var definition = context.Definition;
        var container = definition.Service?.Container
            ?? throw new ResourceException(definition.Service?.Process is null
                ? $"{definition.Type} ({definition.Class}) has no way to run on the container runtime (its definition, {definition.Source}, has no service.container)"
                : $"{definition.Type} ({definition.Class}) runs only on the process runtime (gantry up --runtime process): its definition, {definition.Source}, has no service.container for the container runtime");
        var values = ServiceValues(context);
        var hasData = container.DataPath.Length > 0;
        return new ContainerServicePlan(
            context.Service.Name,
            placement.ContainerName(context.Service.Name),
            placement.Installation,
            container.Image,
            hasData ? placement.VolumeName(context.Service.Name) : null,
            hasData ? container.DataPath : null,
            [.. container.Command.Select(arg => TemplateRenderer.Render(arg, values))],
            container.Environment.ToImmutableDictionary(e => e.Key, e => TemplateRenderer.Render(e.Value, values), StringComparer.Ordinal),
            definition.Service!.Ready is { } ready ? Plan(StepRenderer.Render(ready, values)[0], [], null, context.Site.Container) : null)
        {
            Secrets = [.. values.SecretValues],
        };
    }

    /// <summary>
    /// A resource's steps (provision, deprovision, backup…) as commands: on this machine with its service's programs
    /// first on PATH, or inside the service's container.
    /// </summary>
    public static ImmutableArray<CommandPlan> Steps(ResourceContext context, IEnumerable<StepDefinition> steps)
    {
        var process = context.Site.Container is null ? context.Definition.Service?.Process : null;
        var folders = process is null ? [] : BinaryFolders(process.Binaries);
        return [.. StepRenderer.RenderAll(steps, context.Values).Select(step => Plan(step, folders, process?.Package, context.Site.Container))];
    }

    private static CommandPlan Plan(RenderedStep step, ImmutableArray<string> folders, string? package, string? container = null) =>
        new(step.Command, step.Environment, step.Stdin, step.User, step.Timeout, folders) { Package = package, Secrets = step.Secrets, Container = container };

    /// <summary>What a service's own templates may name: its host, port, folders and generated values (no resource's).</summary>
    private static TemplateValues ServiceValues(ResourceContext context) =>
        TemplateValues.Empty
            .With(TemplatePaths.ServiceHost, context.Site.StepHost)
            .With(TemplatePaths.ServicePort, context.Site.StepPort.ToString(CultureInfo.InvariantCulture))
            .With(TemplatePaths.ServiceData, context.Site.Data)
            .With(TemplatePaths.ServiceRun, context.Site.Run)
            .WithGenerated(TemplatePaths.ServicePrefix, context.Definition.Service?.Generated ?? [], context.ServiceValues);

    /// <summary>The folders the globs name that exist, the newest version first (<c>/usr/lib/postgresql/16/bin</c> before 15).</summary>
    public static ImmutableArray<string> BinaryFolders(IEnumerable<string> patterns) => [.. patterns.SelectMany(Expand)];

    /// <summary>One pattern: a '*' in one segment of the path matches folder names there.</summary>
    private static IEnumerable<string> Expand(string pattern)
    {
        var segments = pattern.Split('/');
        var star = Array.FindIndex(segments, s => s.Contains('*', StringComparison.Ordinal));
        if (star < 0)
        {
            return Directory.Exists(pattern) ? [pattern] : [];
        }

        var parent = string.Join('/', segments[..star]);
        var rest = string.Join('/', segments[(star + 1)..]);
        if (!Directory.Exists(parent))
        {
            return [];
        }

        return Directory.EnumerateDirectories(parent, segments[star])
            .OrderByDescending(folder => Path.GetFileName(folder), VersionOrder.Instance)
            .Select(folder => rest.Length == 0 ? folder : Path.Combine(folder, rest))
            .Where(Directory.Exists);
    }

    /// <summary>Names compared as versions where they are numbers (10 after 9).</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y) =>
            decimal.TryParse(x, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(y, NumberStyles.Number, CultureInfo.InvariantCulture, out var b)
                ? a.CompareTo(b)
                : string.CompareOrdinal(x, y);
    }
}
