using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Gantry.AppModel.Provisioners.Templates;
using Gantry.AppModel.Resources;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Provisioners.Parsing;

/// <summary>
/// Validates one provisioner definition file (docs/provisioners.md), reporting every mistake as
/// <c>file:line:col: field: message</c> like the app loader does.
/// </summary>
internal static partial class ProvisionerDefinitionParser
{
    public const string ApiVersion = "gantry.dev/v1";
    public const string Kind = "Provisioner";

    private static readonly string[] TopFields =
        ["apiVersion", "kind", "type", "class", "description", "params", "generate", "outputs", "service", "provision", "deprovision", "backup", "size"];

    private static readonly string[] ParamFields = ["kind", "description"];
    private static readonly string[] GenerateFields = ["template", "random", "identifier", "label", "maxLength", "secret"];
    private static readonly string[] OutputFields = ["template", "secret"];
    private static readonly string[] TemplateOnlyFields = ["identifier", "label", "maxLength"];

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,62}\z")]
    private static partial Regex ValueName();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]{0,62}\z")]
    private static partial Regex OutputName();

    /// <summary>The definition, or null when it has errors (all reported); the type and class are given back when they could be read, so a broken file can withdraw its type.</summary>
    public static ProvisionerDefinition? Parse(string text, string source, FileErrors errors, out DefinitionKey? key)
    {
        key = null;
        var before = errors.List.Count;
        if (YamlDocumentReader.Read(text, errors) is not { } root)
        {
            key = GuessKey(text);
            return null;
        }

        if (FieldMap.Open(root, "", errors, TopFields) is not { } top)
        {
            return null;
        }

        var reader = new DefinitionReader(errors);
        CheckHeader(top, errors);
        var typeNode = top.Required("type");
        var type = Name(typeNode, "type", errors);
        var cls = top.Get("class") is { } c ? Name(c, "class", errors) : ProvisionerDefinition.DefaultClass;
        if (type is not null && cls is not null)
        {
            key = new DefinitionKey(type, cls, typeNode!.Line, typeNode.Column);
        }

        var description = Scalars.String(top.Get("description"), "description", errors)?.Value ?? "";
        var parameters = ReadParams(top.Get("params"), errors, out var declaredParams);
        var generated = ReadGenerated(top.Get("generate"), "generate", TemplateContext.ResourceGenerate, TemplatePaths.ResourceBuiltIns, reader, out var declaredGenerated);
        var outputs = ReadOutputs(top.Required("outputs"), reader);
        var service = ServiceParser.Parse(top.Get("service"), reader, out var serviceGenerated);
        var provision = reader.Steps(top.Get("provision"), "provision", TemplateContext.Resource, allowForEach: true);
        var deprovision = reader.Steps(top.Get("deprovision"), "deprovision", TemplateContext.Resource, allowForEach: true);
        var backup = ServiceParser.ParseBackup(top.Get("backup"), reader);
        var size = top.Get("size") is { } sizeStep ? reader.Step(sizeStep, "size", TemplateContext.Resource, allowForEach: false) : null;

        // Broken params and generated values are still declared, so templates naming them are not reported as well.
        var declarations = new TemplateDeclarations(declaredParams, declaredGenerated, serviceGenerated, top.Get("service") is not null);
        reader.Templates.Check(declarations, errors);
        if (errors.List.Count > before || type is null || cls is null)
        {
            return null;
        }

        return new ProvisionerDefinition(type, cls, description, source, parameters, outputs, generated, service, provision, deprovision, backup) { Size = size };
    }

    /// <summary>
    /// The type and class of a file too broken to parse (not YAML), read from its top-level lines, so the file still
    /// withdraws the type it meant to define.
    /// </summary>
    private static DefinitionKey? GuessKey(string text)
    {
        if (TopLevelType().Match(text) is not { Success: true } type || ResourceTypes.IsFixed(type.Groups[1].Value))
        {
            return null;
        }

        var cls = TopLevelClass().Match(text) is { Success: true } c ? c.Groups[1].Value : ProvisionerDefinition.DefaultClass;
        return new DefinitionKey(type.Groups[1].Value, cls, 1, 1);
    }

    [GeneratedRegex(@"^type:[ \t]*[""']?([a-z0-9][a-z0-9-]*[a-z0-9])[""']?[ \t]*(#.*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    [GeneratedRegex(@"^class:[ \t]*[""']?([a-z0-9][a-z0-9-]*[a-z0-9])[""']?[ \t]*(#.*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex TopLevelClass();

    private static void CheckHeader(FieldMap top, FileErrors errors)
    {
        if (Scalars.String(top.Required("apiVersion"), "apiVersion", errors) is { } version && version.Value != ApiVersion)
        {
            errors.Add(version, "apiVersion", $"apiVersion must be '{ApiVersion}', got '{version.Value}'");
        }

        if (Scalars.String(top.Required("kind"), "kind", errors) is { } kind && kind.Value != Kind)
        {
            errors.Add(kind, "kind", $"kind must be '{Kind}', got '{kind.Value}'");
        }
    }

    private static string? Name(YamlValue? value, string field, FileErrors errors)
    {
        if (Scalars.String(value, field, errors) is not { } name || !Names.CheckLabel(name, field, errors, field))
        {
            return null;
        }

        if (field == "type" && ResourceTypes.IsFixed(name.Value))
        {
            errors.Add(name, field, $"type '{name.Value}' is built into Gantry and cannot be provided by a definition");
            return null;
        }

        return name.Value;
    }

    /// <summary>The valid params; <paramref name="declared"/> adds the broken ones (with an empty kind), whose errors are reported already.</summary>
    private static ImmutableArray<ParamDefinition> ReadParams(YamlValue? value, FileErrors errors, out ImmutableArray<ParamDefinition> declared)
    {
        var result = ImmutableArray.CreateBuilder<ParamDefinition>();
        var all = ImmutableArray.CreateBuilder<ParamDefinition>();
        declared = [];
        if (FieldMap.Open(value, "params", errors, knownFields: null) is not { } map)
        {
            return result.ToImmutable();
        }

        foreach (var (key, body) in map.Node.Entries)
        {
            var field = map.FieldOf(key.Value);
            var nameValid = CheckValueName(key, field, errors, "param");
            var param = FieldMap.Open(body, field, errors, ParamFields);
            var kind = param is null ? null : Scalars.OneOf(param.Required("kind"), param.FieldOf("kind"), errors, ParamDefinition.String, ParamDefinition.List, ParamDefinition.Number);
            var description = param is null ? "" : Scalars.String(param.Get("description"), param.FieldOf("description"), errors)?.Value ?? "";
            if (nameValid && kind is not null)
            {
                result.Add(new ParamDefinition(key.Value, kind, description));
            }

            if (nameValid)
            {
                all.Add(new ParamDefinition(key.Value, kind ?? "", description));
            }
        }

        declared = all.ToImmutable();
        return result.ToImmutable();
    }

    /// <summary>
    /// Generated values of the resource or the service; their names may not hide the paths the platform gives
    /// (<paramref name="reserved"/>). <paramref name="declared"/> adds the broken ones, whose errors are reported already.
    /// </summary>
    public static ImmutableArray<GeneratedValue> ReadGenerated(
        YamlValue? value, string field, TemplateContext context, IReadOnlyList<string> reserved, DefinitionReader reader, out ImmutableArray<GeneratedValue> declared)
    {
        var errors = reader.Errors;
        var result = ImmutableArray.CreateBuilder<GeneratedValue>();
        var all = ImmutableArray.CreateBuilder<GeneratedValue>();
        declared = [];
        if (FieldMap.Open(value, field, errors, knownFields: null) is not { } map)
        {
            return result.ToImmutable();
        }

        foreach (var (key, body) in map.Node.Entries)
        {
            var entryField = map.FieldOf(key.Value);
            var nameValid = CheckValueName(key, entryField, errors, "generated value");
            var prefix = context == TemplateContext.ResourceGenerate ? TemplatePaths.ResourcePrefix : TemplatePaths.ServicePrefix;
            if (nameValid && reserved.Contains(prefix + key.Value))
            {
                errors.Add(key, entryField, $"'{key.Value}' is given by the platform as {prefix}{key.Value}; choose another name");
                nameValid = false;
            }

            var (generated, secret) = ReadGeneratedValue(key.Value, body, entryField, context, reader);
            if (generated is not null && nameValid)
            {
                result.Add(generated);
            }

            if (nameValid)
            {
                all.Add(generated ?? new GeneratedValue(key.Value, null, null, secret, null));
            }
        }

        declared = all.ToImmutable();
        return result.ToImmutable();
    }

    /// <summary>The value, or null when it is broken; whether it is secret either way (as far as it could be read).</summary>
    private static (GeneratedValue? Value, bool Secret) ReadGeneratedValue(string name, YamlValue body, string field, TemplateContext context, DefinitionReader reader)
    {
        var errors = reader.Errors;
        if (FieldMap.Open(body, field, errors, GenerateFields) is not { } entry)
        {
            return (null, false);
        }

        var secret = Scalars.Boolean(entry.Get("secret"), entry.FieldOf("secret"), errors) ?? false;
        var templateNode = entry.Get("template");
        var randomNode = entry.Get("random");
        if (templateNode is not null && randomNode is not null)
        {
            errors.Add(entry.Node, field, "set either template (a value made from others) or random (a number of random letters and digits), not both");
            return (null, secret);
        }

        if (templateNode is null && randomNode is null)
        {
            errors.Add(entry.Node, field, "set template (a value made from others, e.g. \"{{ resource.key }}\") or random (a number of random letters and digits, e.g. 32)");
            return (null, secret);
        }

        var template = reader.Template(templateNode, entry.FieldOf("template"), context);
        var random = Scalars.Integer(randomNode, entry.FieldOf("random"), errors, 8, 1024);
        var identifier = Scalars.Boolean(entry.Get("identifier"), entry.FieldOf("identifier"), errors) ?? false;
        var label = Scalars.Boolean(entry.Get("label"), entry.FieldOf("label"), errors) ?? false;
        var maxLength = Scalars.Integer(entry.Get("maxLength"), entry.FieldOf("maxLength"), errors, label ? LabelNames.MinMaxLength : Identifiers.MinMaxLength, 1024);
        var shaping = TemplateOnlyFields.FirstOrDefault(f => entry.Get(f) is not null);
        if (randomNode is not null && shaping is not null)
        {
            errors.Add(entry.Get(shaping)!, entry.FieldOf(shaping), "applies to template values; random values are letters and digits of the given length");
            return (null, secret);
        }

        if (identifier && label)
        {
            errors.Add(entry.Get("label")!, entry.FieldOf("label"),
                "set either identifier (a database, user or vhost name) or label (a DNS label or S3 bucket name), not both");
            return (null, secret);
        }

        return (template is null && random is null ? null : new GeneratedValue(name, template, random, secret, maxLength, identifier, label), secret);
    }

    private static ImmutableArray<OutputDefinition> ReadOutputs(YamlValue? value, DefinitionReader reader)
    {
        var errors = reader.Errors;
        var result = ImmutableArray.CreateBuilder<OutputDefinition>();
        if (FieldMap.Open(value, "outputs", errors, knownFields: null) is not { } map)
        {
            return result.ToImmutable();
        }

        if (map.Node.Entries.Count == 0)
        {
            errors.Add(map.Node, "outputs", "declare at least one output (host: \"{{ service.host }}\")");
        }

        foreach (var (key, body) in map.Node.Entries)
        {
            var field = map.FieldOf(key.Value);
            var nameValid = OutputName().IsMatch(key.Value);
            if (!nameValid)
            {
                errors.Add(key, field, $"output name '{key.Value}' is not valid: use letters, digits, '_' and '-', starting with a letter, up to 63 characters");
            }

            var output = body is YamlMap ? ReadOutputMap(key.Value, body, field, reader) : ReadOutputString(key.Value, body, field, reader);
            if (output is not null && nameValid)
            {
                result.Add(output);
            }
        }

        return result.ToImmutable();
    }

    private static OutputDefinition? ReadOutputString(string name, YamlValue body, string field, DefinitionReader reader) =>
        reader.Template(body, field, TemplateContext.Resource, SecretRule.SecretOutputOnly) is { } template
            ? new OutputDefinition(name, template, false)
            : null;

    private static OutputDefinition? ReadOutputMap(string name, YamlValue body, string field, DefinitionReader reader)
    {
        if (FieldMap.Open(body, field, reader.Errors, OutputFields) is not { } output)
        {
            return null;
        }

        var secret = Scalars.Boolean(output.Get("secret"), output.FieldOf("secret"), reader.Errors) ?? false;
        var rule = secret ? SecretRule.Allowed : SecretRule.SecretOutputOnly;
        return reader.Template(output.Required("template"), output.FieldOf("template"), TemplateContext.Resource, rule) is { } template
            ? new OutputDefinition(name, template, secret)
            : null;
    }

    private static bool CheckValueName(YamlScalar key, string field, FileErrors errors, string what)
    {
        if (ValueName().IsMatch(key.Value))
        {
            return true;
        }

        errors.Add(key, field, $"{what} name '{key.Value}' is not valid: use letters, digits and '_', starting with a letter, up to 63 characters");
        return false;
    }
}
