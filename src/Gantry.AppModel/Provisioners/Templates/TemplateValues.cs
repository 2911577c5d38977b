using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>
/// The values templates render from, by path (<see cref="TemplatePaths"/>): single strings or lists (a list renders as
/// its items joined with commas). Values marked secret are remembered so whoever runs a step can scrub them from output.
/// </summary>
public sealed class TemplateValues
{
    private readonly ImmutableDictionary<string, Entry> _values;

    private TemplateValues(ImmutableDictionary<string, Entry> values) => _values = values;

    public static TemplateValues Empty { get; } = new(ImmutableDictionary<string, Entry>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>The paths that have values.</summary>
    public IEnumerable<string> Paths => _values.Keys;

    /// <summary>The values of secret paths (for redaction), without empty ones.</summary>
    public IEnumerable<string> SecretValues => _values.Values.Where(e => e.Secret).SelectMany(e => e.Items).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal);

    public TemplateValues With(string path, string value, bool secret = false) =>
        new(_values.SetItem(path, new Entry([value], false, secret)));

    public TemplateValues WithList(string path, IEnumerable<string> items) =>
        new(_values.SetItem(path, new Entry([.. items], true, false)));

    /// <summary>
    /// Every declared param (one the resource does not set renders empty): list params as lists, others as the
    /// resource's single value.
    /// </summary>
    public TemplateValues WithParams(IEnumerable<ParamDefinition> declared, IReadOnlyDictionary<string, ImmutableArray<string>> given)
    {
        var values = _values;
        foreach (var param in declared)
        {
            var items = given.TryGetValue(param.Name, out var set) ? set : [];
            values = values.SetItem(TemplatePaths.Param(param.Name), param.Kind == ParamDefinition.List
                ? new Entry(items, true, false)
                : new Entry([string.Join(",", items)], false, false));
        }

        return new TemplateValues(values);
    }

    /// <summary>Generated values under <c>resource.</c> or <c>service.</c> (<paramref name="prefix"/>), secret ones marked.</summary>
    public TemplateValues WithGenerated(string prefix, IEnumerable<GeneratedValue> declared, IReadOnlyDictionary<string, string> values)
    {
        var result = _values;
        foreach (var value in declared)
        {
            if (values.TryGetValue(value.Name, out var text))
            {
                result = result.SetItem(prefix + value.Name, new Entry([text], false, value.Secret));
            }
        }

        return new TemplateValues(result);
    }

    public bool Contains(string path) => _values.ContainsKey(path);

    /// <summary>The items of a list path (a single value is a list of one); null when the path has no value.</summary>
    public ImmutableArray<string>? Items(string path) => _values.TryGetValue(path, out var entry) ? entry.Items : null;

    internal bool TryGet(string path, out string text, out bool secret)
    {
        if (_values.TryGetValue(path, out var entry))
        {
            text = entry.IsList ? string.Join(",", entry.Items) : entry.Items[0];
            secret = entry.Secret;
            return true;
        }

        text = "";
        secret = false;
        return false;
    }

    private sealed record Entry(ImmutableArray<string> Items, bool IsList, bool Secret);
}
