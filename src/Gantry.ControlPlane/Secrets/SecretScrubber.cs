using System.Collections.Concurrent;
using System.Collections.Immutable;
using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Secrets;

/// <summary>
/// Keeps Gantry's own words free of secrets: event messages, release failure reasons (which quote an instance's last
/// output) and the server's log file have every secret value of the app's releases replaced by <c>(secret)</c>.
/// It learns the values as releases are created or prepared; the app's own logs are left as the app wrote them.
/// </summary>
public sealed class SecretScrubber
{
    // Enough for the current release, the one being rolled out and a few to roll back to.
    private const int ValuesPerApp = 64;

    private readonly ConcurrentDictionary<string, ImmutableArray<string>> _byApp = new(StringComparer.Ordinal);

    public void Remember(AppSpec spec) => Remember(spec.Name, SecretValues.Of(spec));

    /// <summary>Values known to be secret without a spec (a provisioned resource's password).</summary>
    public void Remember(string app, IEnumerable<string> secretValues)
    {
        var values = secretValues.Where(v => v.Length >= SecretValues.MinimumSearchedLength).Distinct(StringComparer.Ordinal).ToList();
        if (values.Count > 0)
        {
            _byApp.AddOrUpdate(
                app,
                static (_, added) => [.. added.OrderByDescending(v => v.Length)],
                static (_, known, added) => [.. added.Concat(known).Distinct(StringComparer.Ordinal).Take(ValuesPerApp).OrderByDescending(v => v.Length)],
                values);
        }
    }

    public void Forget(string app) => _byApp.TryRemove(app, out _);

    /// <summary><paramref name="text"/> without the app's secret values.</summary>
    public string Scrub(string app, string text) =>
        _byApp.TryGetValue(app, out var values) ? SecretValues.Replace(text, values) : text;

    /// <summary><paramref name="text"/> without any app's secret values (for lines that name no app, such as the log file's).</summary>
    public string ScrubAll(string text)
    {
        foreach (var values in _byApp.Values)
        {
            text = SecretValues.Replace(text, values);
        }

        return text;
    }
}
