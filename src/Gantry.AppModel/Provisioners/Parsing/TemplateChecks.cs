using Gantry.AppModel.Provisioners.Templates;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Provisioners.Parsing;

/// <summary>
/// Collects every template of a definition while it is read, then checks them once all params and generated values
/// are known: syntax, paths known where they are written, forEach lists, and secrets kept out of plain outputs and
/// command lines.
/// </summary>
internal sealed class TemplateChecks
{
    private readonly List<Use> _uses = [];
    private readonly List<(YamlScalar Node, string Field)> _forEach = [];

    /// <summary>A templated string; <paramref name="usage"/> says where a secret may not go.</summary>
    public void Add(YamlScalar node, string field, TemplateContext context, SecretRule usage = SecretRule.Allowed) =>
        _uses.Add(new Use(node, field, context, usage));

    public void AddForEach(YamlScalar node, string field) => _forEach.Add((node, field));

    public void Check(TemplateDeclarations declarations, FileErrors errors)
    {
        foreach (var (node, field) in _forEach)
        {
            CheckForEach(node, field, declarations, errors);
        }

        foreach (var use in _uses)
        {
            CheckUse(use, declarations, errors);
        }
    }

    private static void CheckUse(Use use, TemplateDeclarations declarations, FileErrors errors)
    {
        var parsed = TemplateSyntax.Parse(use.Node.Value);
        if (parsed.Error is { } syntax)
        {
            errors.Add(use.Node, use.Field, syntax);
            return;
        }

        var known = declarations.PathsFor(use.Context);
        foreach (var path in parsed.Paths.Distinct(StringComparer.Ordinal))
        {
            var placeholder = $"{{{{ {path} }}}}";
            if (!known.Contains(path))
            {
                errors.Add(use.Node, use.Field, $"{Unknown(path, use.Context, declarations, known)} (in '{placeholder}')");
                continue;
            }

            if (!declarations.IsSecret(path))
            {
                continue;
            }

            switch (use.Rule)
            {
                case SecretRule.SecretOutputOnly:
                    errors.Add(use.Node, use.Field,
                        $"this output shows the secret '{path}': mark it secret ({{ template: \"...\", secret: true }}) so it is stored sealed and hidden");
                    break;
                case SecretRule.NotInCommand:
                    errors.Add(use.Node, use.Field,
                        $"the secret '{path}' would be visible to every user of the machine in the process list: pass it through env or stdin");
                    break;
            }
        }
    }

    private static string Unknown(string path, TemplateContext context, TemplateDeclarations declarations, IReadOnlyList<string> known)
    {
        if (path == TemplatePaths.Item)
        {
            return "'item' is only known in a provision or deprovision step with forEach";
        }

        var where = context switch
        {
            TemplateContext.ResourceGenerate => "generate",
            TemplateContext.ServiceGenerate => "service.generate",
            TemplateContext.Service => "the service (it is shared by every resource)",
            _ => null,
        };
        if (where is not null && declarations.PathsFor(TemplateContext.ForEach).Contains(path))
        {
            return $"'{path}' is not known in {where}; known there: {string.Join(", ", known)}";
        }

        if (path.StartsWith(TemplatePaths.ServicePrefix, StringComparison.Ordinal) && !declarations.HasService)
        {
            return $"unknown template path '{path}': the definition has no service";
        }

        var hint = Suggestions.Hint(path, known);
        return hint.Length > 0 ? $"unknown template path '{path}'{hint}" : $"unknown template path '{path}'; known here: {string.Join(", ", known)}";
    }

    private static void CheckForEach(YamlScalar node, string field, TemplateDeclarations declarations, FileErrors errors)
    {
        var path = node.Value;
        var lists = declarations.Params.Where(p => p.Kind == ParamDefinition.List).Select(p => TemplatePaths.Param(p.Name)).ToList();
        if (!path.StartsWith(TemplatePaths.ParamsPrefix, StringComparison.Ordinal))
        {
            errors.Add(node, field, $"forEach must name a list param (params.NAME), got '{path}'{Suggestions.Hint(path, lists)}");
            return;
        }

        var name = path[TemplatePaths.ParamsPrefix.Length..];
        if (declarations.Param(name) is not { } param)
        {
            var hint = Suggestions.Hint(path, lists);
            errors.Add(node, field, $"'{path}' is not a declared param{(hint.Length > 0 ? hint : "; declare it under params with kind: list")}");
            return;
        }

        // A param whose kind is broken is reported where it is declared.
        if (param.Kind is not (ParamDefinition.List or ""))
        {
            errors.Add(node, field, $"'{path}' is a {param.Kind} param; forEach needs a list param (kind: list)");
        }
    }

    private sealed record Use(YamlScalar Node, string Field, TemplateContext Context, SecretRule Rule);
}

/// <summary>Where a template's secret values may go.</summary>
internal enum SecretRule
{
    Allowed,

    /// <summary>An output not marked secret: it would be stored and shown in plain text.</summary>
    SecretOutputOnly,

    /// <summary>A command line: visible to every user of the machine (ps, /proc) and in container inspections.</summary>
    NotInCommand,
}
