using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Gantry.AppModel.Provisioners.Templates;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Provisioners.Parsing;

/// <summary>Reads a definition's <c>service</c> (the platform server on each runtime) and <c>backup</c>.</summary>
internal static partial class ServiceParser
{
    private static readonly string[] ServiceFields = ["port", "generate", "process", "container", "ready"];
    private static readonly string[] ProcessFields = ["binaries", "package", "user", "init", "run", "env", "stopSignal"];
    private static readonly Dictionary<string, int> StopSignals = new(StringComparer.Ordinal) { ["SIGTERM"] = 15, ["SIGINT"] = 2, ["SIGQUIT"] = 3 };
    private static readonly string[] ContainerFields = ["image", "data", "command", "env"];
    private static readonly string[] BackupFields = ["extension", "create", "restore", "count"];

    [GeneratedRegex(@"^[a-z0-9]+(\.[a-z0-9]+)*\z")]
    private static partial Regex Extension();

    /// <summary>The service, or null when there is none or it is broken; <paramref name="generated"/> declares its generated values either way, so templates naming them are not reported twice.</summary>
    public static ServiceDefinition? Parse(YamlValue? value, DefinitionReader reader, out ImmutableArray<GeneratedValue> generated)
    {
        generated = [];
        var errors = reader.Errors;
        if (FieldMap.Open(value, "service", errors, ServiceFields) is not { } service)
        {
            return null;
        }

        var port = Scalars.Integer(service.Required("port"), "service.port", errors, 1, 65535);
        var valid = ProvisionerDefinitionParser.ReadGenerated(
            service.Get("generate"), "service.generate", TemplateContext.ServiceGenerate, TemplatePaths.ServiceBuiltIns, reader, out generated);
        var process = ParseProcess(service.Get("process"), reader);
        var container = ParseContainer(service.Get("container"), reader);
        if (service.Get("process") is null && service.Get("container") is null)
        {
            errors.Add(service.Node, "service", "say how the server runs: process (this machine's binaries), container (an image), or both");
        }

        var ready = service.Get("ready") is { } r ? reader.Step(r, "service.ready", TemplateContext.Service, allowForEach: false) : null;
        return port is { } p ? new ServiceDefinition(p, valid, process, container, ready) : null;
    }

    private static ProcessServiceDefinition? ParseProcess(YamlValue? value, DefinitionReader reader)
    {
        var errors = reader.Errors;
        if (FieldMap.Open(value, "service.process", errors, ProcessFields) is not { } process)
        {
            return null;
        }

        var binaries = ImmutableArray.CreateBuilder<string>();
        if (Scalars.StringList(process.Required("binaries"), "service.process.binaries", errors) is { } folders)
        {
            if (folders.IsEmpty)
            {
                errors.Add(process.Get("binaries")!, "service.process.binaries", "list the folders that hold the server's programs, for example [\"/usr/lib/postgresql/*/bin\"]");
            }

            for (var i = 0; i < folders.Length; i++)
            {
                var field = FieldPath.Index("service.process.binaries", i);
                if (reader.Literal(folders[i], field) is not { } folder)
                {
                    continue;
                }

                if (!folder.Value.StartsWith('/'))
                {
                    errors.Add(folder, field, $"'{folder.Value}' is not an absolute path: binaries are looked up where the package installs them");
                    continue;
                }

                binaries.Add(folder.Value);
            }
        }

        var package = process.Get("package") is { } p ? reader.Literal(p, "service.process.package")?.Value : "";
        var user = reader.User(process.Get("user"), "service.process.user");
        var init = reader.Steps(process.Get("init"), "service.process.init", TemplateContext.Service, allowForEach: false);
        var run = reader.Command(process.Required("run"), "service.process.run", TemplateContext.Service);
        var environment = reader.Environment(process.Get("env"), "service.process.env", TemplateContext.Service);
        var stopSignal = process.Get("stopSignal") is { } signal
            ? Scalars.OneOf(signal, "service.process.stopSignal", errors, [.. StopSignals.Keys]) is { } name ? StopSignals[name] : (int?)null
            : 15;
        return run is { } command && package is not null && stopSignal is { } stop
            ? new ProcessServiceDefinition(binaries.ToImmutable(), package, user, init, command, environment) { StopSignal = stop }
            : null;
    }

    private static ContainerServiceDefinition? ParseContainer(YamlValue? value, DefinitionReader reader)
    {
        var errors = reader.Errors;
        if (FieldMap.Open(value, "service.container", errors, ContainerFields) is not { } container)
        {
            return null;
        }

        var image = reader.Literal(container.Required("image"), "service.container.image");
        var data = container.Get("data") is { } d ? reader.Literal(d, "service.container.data") : null;
        if (data is not null && !data.Value.StartsWith('/'))
        {
            errors.Add(data, "service.container.data", $"'{data.Value}' is not an absolute path inside the container");
        }

        var command = container.Get("command") is { } c ? reader.Command(c, "service.container.command", TemplateContext.Service) : [];
        var environment = reader.Environment(container.Get("env"), "service.container.env", TemplateContext.Service);
        return image is null || command is null ? null : new ContainerServiceDefinition(image.Value, data?.Value ?? "", command.Value, environment);
    }

    public static BackupDefinition? ParseBackup(YamlValue? value, DefinitionReader reader)
    {
        var errors = reader.Errors;
        if (FieldMap.Open(value, "backup", errors, BackupFields) is not { } backup)
        {
            return null;
        }

        var extension = reader.Literal(backup.Required("extension"), "backup.extension");
        if (extension is not null && !Extension().IsMatch(extension.Value))
        {
            errors.Add(extension, "backup.extension", $"'{extension.Value}' is not a file extension: use lowercase letters and digits, with dots between parts (dump, tar.gz), without a leading dot");
            extension = null;
        }

        var create = reader.Step(backup.Required("create"), "backup.create", TemplateContext.Resource, allowForEach: false);
        var restore = reader.Step(backup.Required("restore"), "backup.restore", TemplateContext.Resource, allowForEach: false);
        var count = backup.Get("count") is { } c ? reader.Step(c, "backup.count", TemplateContext.Resource, allowForEach: false) : null;
        return extension is null || create is null || restore is null ? null : new BackupDefinition(extension.Value, create, restore, count);
    }
}
