using System.Text.RegularExpressions;

namespace Gantry.ControlPlane.Notifications;

/// <summary>Which event types a destination takes: comma-separated patterns in which <c>*</c> stands for any run of characters.</summary>
public sealed partial class EventPatterns
{
    /// <summary>What a destination added without <c>--events</c> gets: outcomes people act on, not every deploy step.</summary>
    public const string Default = "release.succeeded,release.failed,build.failed,instance.crashloop,instance.oom,certificate.failed,backup.failed,resource.failed,git.deploy.failed,job.failed";

    private readonly Regex _match;

    private EventPatterns(string text, Regex match)
    {
        Text = text;
        _match = match;
    }

    /// <summary>The patterns as written, normalised (trimmed, no empty entries).</summary>
    public string Text { get; }

    public bool Matches(string type) => _match.IsMatch(type);

    /// <summary>Reads patterns; null with <paramref name="error"/> naming the bad one.</summary>
    public static EventPatterns? Parse(string? text, out string? error)
    {
        var patterns = (text ?? Default).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        error = patterns.Length == 0 ? "events: give at least one event type or pattern, for example release.failed or release.*" : null;
        foreach (var pattern in patterns)
        {
            if (!Pattern().IsMatch(pattern))
            {
                error = $"events: '{pattern}' is not an event type or pattern (lower-case letters, digits, '.', '-' and '*')";
            }
        }

        if (error is not null)
        {
            return null;
        }

        var alternatives = patterns.Select(p => Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal));
        return new EventPatterns(string.Join(',', patterns), new Regex($"^(?:{string.Join('|', alternatives)})$", RegexOptions.CultureInvariant));
    }

    [GeneratedRegex("^[a-z0-9.*-]{1,100}$")]
    private static partial Regex Pattern();
}
