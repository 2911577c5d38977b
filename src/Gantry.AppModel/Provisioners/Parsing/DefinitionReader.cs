using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Gantry.AppModel.GantryFile;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Provisioners.Parsing;

/// <summary>Reads the typed values of one definition file, registering every templated string for the checks at the end.</summary>
internal sealed partial class DefinitionReader(FileErrors errors)
{
    public FileErrors Errors { get; } = errors;

    public TemplateChecks Templates { get; } = new();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^[a-z_][a-z0-9_-]{0,31}\z")]
    private static partial Regex UserName();

    /// <summary>A templated string.</summary>
    public string? Template(YamlValue? value, string field, TemplateContext context, SecretRule rule = SecretRule.Allowed)
    {
        if (Scalars.String(value, field, Errors) is not { } scalar)
        {
            return null;
        }

        Templates.Add(scalar, field, context, rule);
        return scalar.Value;
    }

    /// <summary>A non-empty list of templated strings: a command line, where secrets may not go.</summary>
    public ImmutableArray<string>? Command(YamlValue? value, string field, TemplateContext context)
    {
        if (Scalars.StringList(value, field, Errors) is not { } items)
        {
            return null;
        }

        if (items.IsEmpty)
        {
            Errors.Add(value!, field, "list the program and its arguments, for example [\"psql\", \"-c\", \"SELECT 1\"]");
            return null;
        }

        for (var i = 0; i < items.Length; i++)
        {
            Templates.Add(items[i], FieldPath.Index(field, i), context, SecretRule.NotInCommand);
        }

        return [.. items.Select(s => s.Value)];
    }

    /// <summary>Environment variables: names as the shell allows them, templated values (secrets welcome: that is what env is for).</summary>
    public ImmutableDictionary<string, string> Environment(YamlValue? value, string field, TemplateContext context)
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (FieldMap.Open(value, field, Errors, knownFields: null) is not { } map)
        {
            return result.ToImmutable();
        }

        foreach (var (key, body) in map.Node.Entries)
        {
            var entryField = map.FieldOf(key.Value);
            if (!EnvironmentName().IsMatch(key.Value))
            {
                Errors.Add(key, entryField, $"'{key.Value}' is not a variable name: use letters, digits and '_', not starting with a digit");
                continue;
            }

            if (Template(body, entryField, context) is { } text)
            {
                result[key.Value] = text;
            }
        }

        return result.ToImmutable();
    }

    /// <summary>A string taken as written: templates are not rendered in it, so "{{" there is a mistake.</summary>
    public YamlScalar? Literal(YamlValue? value, string field)
    {
        if (Scalars.NonEmptyString(value, field, Errors) is not { } scalar)
        {
            return null;
        }

        if (scalar.Value.Contains("{{", StringComparison.Ordinal))
        {
            Errors.Add(scalar, field, "this field is taken as written: templates ({{ ... }}) are not rendered here");
            return null;
        }

        return scalar;
    }

    /// <summary>A user name to run as (when Gantry runs as root).</summary>
    public string? User(YamlValue? value, string field)
    {
        if (Literal(value, field) is not { } user)
        {
            return null;
        }

        if (!UserName().IsMatch(user.Value))
        {
            Errors.Add(user, field, $"'{user.Value}' is not a user name: use lowercase letters, digits, '_' and '-', up to 32 characters");
            return null;
        }

        return user.Value;
    }

    /// <summary>A duration in the app model's one grammar (<c>30s</c>, <c>1m30s</c>): more than 0, at most 24h.</summary>
    public TimeSpan Duration(YamlValue? value, string field, TimeSpan fallback)
    {
        if (Scalars.String(value, field, Errors) is not { } text)
        {
            return fallback;
        }

        if (!Durations.TryParse(text.Value, out var duration))
        {
            Errors.Add(text, field, $"'{text.Value}' is not a duration: use a number with a unit, for example 500ms, 30s, 5m or 1h");
            return fallback;
        }

        if (duration == TimeSpan.Zero || duration > Durations.Max)
        {
            Errors.Add(text, field, "must be more than 0 and at most 24h");
            return fallback;
        }

        return duration;
    }

    /// <summary>A list of steps (absent: none).</summary>
    public ImmutableArray<StepDefinition> Steps(YamlValue? value, string field, TemplateContext context, bool allowForEach)
    {
        switch (value)
        {
            case null:
                return [];
            case YamlList list:
                var steps = ImmutableArray.CreateBuilder<StepDefinition>(list.Items.Count);
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (Step(list.Items[i], FieldPath.Index(field, i), context, allowForEach) is { } step)
                    {
                        steps.Add(step);
                    }
                }

                return steps.ToImmutable();
            default:
                Errors.Add(value, field, $"expected a list of steps ('- command: [...]'), got {value.Describe()}");
                return [];
        }
    }

    private static readonly string[] StepFields = ["command", "env", "stdin", "forEach", "user", "timeout"];

    /// <summary>One step: <c>command</c>, <c>env</c>, <c>stdin</c>, <c>forEach</c>, <c>user</c>, <c>timeout</c>.</summary>
    public StepDefinition? Step(YamlValue? value, string field, TemplateContext context, bool allowForEach)
    {
        if (FieldMap.Open(value, field, Errors, StepFields) is not { } step)
        {
            return null;
        }

        string? forEach = null;
        if (Scalars.NonEmptyString(step.Get("forEach"), step.FieldOf("forEach"), Errors) is { } forEachNode)
        {
            if (allowForEach)
            {
                Templates.AddForEach(forEachNode, step.FieldOf("forEach"));
                forEach = forEachNode.Value;
                context = TemplateContext.ForEach;
            }
            else
            {
                Errors.Add(forEachNode, step.FieldOf("forEach"), "forEach is only allowed in provision and deprovision steps");
            }
        }

        var command = Command(step.Required("command"), step.FieldOf("command"), context);
        var environment = Environment(step.Get("env"), step.FieldOf("env"), context);
        var stdin = Template(step.Get("stdin"), step.FieldOf("stdin"), context);
        var user = User(step.Get("user"), step.FieldOf("user"));
        var timeout = Duration(step.Get("timeout"), step.FieldOf("timeout"), StepDefinition.DefaultTimeout);
        return command is { } c ? new StepDefinition(c, environment, stdin, forEach, user, timeout) : null;
    }
}
