using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>Renders steps: a <c>forEach</c> step becomes one step per item of its list (none for an empty list), with <c>{{ item }}</c> set.</summary>
public static class StepRenderer
{
    public static ImmutableArray<RenderedStep> Render(StepDefinition step, TemplateValues values)
    {
        if (step.ForEach is null)
        {
            return [RenderOne(step, values)];
        }

        var items = values.Items(step.ForEach)
            ?? throw new InvalidOperationException($"forEach path '{step.ForEach}' has no value here");
        return [.. items.Select(item => RenderOne(step, values.With(TemplatePaths.Item, item)))];
    }

    public static ImmutableArray<RenderedStep> RenderAll(IEnumerable<StepDefinition> steps, TemplateValues values) =>
        [.. steps.SelectMany(step => Render(step, values))];

    private static RenderedStep RenderOne(StepDefinition step, TemplateValues values)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var command = step.Command.Select(arg => TemplateRenderer.Render(arg, values, secrets)).ToImmutableArray();
        var environment = step.Environment.ToImmutableDictionary(
            e => e.Key,
            e => TemplateRenderer.Render(e.Value, values, secrets),
            StringComparer.Ordinal);
        var stdin = step.Stdin is null ? null : TemplateRenderer.Render(step.Stdin, values, secrets);
        return new RenderedStep(command, environment, stdin, step.User, step.Timeout, [.. secrets.Order(StringComparer.Ordinal)]);
    }
}
