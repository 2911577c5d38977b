using System.Globalization;
using System.Text.RegularExpressions;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>
/// <c>healthcheck</c> → the readiness probe: a <c>curl</c>/<c>wget</c> of a local URL becomes an HTTP probe, any
/// other test a command probe. Compose's timing (interval, retries …) gives way to Gantry's probe timing.
/// </summary>
internal static partial class ComposeHealthcheck
{
    private static readonly string[] Timing = ["interval", "timeout", "retries", "start_period", "start_interval"];

    public static void Map(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (value is not YamlMap map)
        {
            context.Refuse(value, field, $"expected a mapping with 'test', got {value.Describe()}");
            return;
        }

        if (ComposeValues.Text(map.Get("disable")) == "true")
        {
            return;
        }

        var timing = map.Entries.FirstOrDefault(e => Timing.Contains(e.Key.Value));
        if (timing is not null)
        {
            context.Approximate(timing.Key, $"{field}.{timing.Key.Value}", "the check's timing (interval, timeout, retries, start period) is Gantry's own");
        }

        if (map.Get("test") is not { } test)
        {
            // Only timing: the image's own HEALTHCHECK would run, which Gantry does not read.
            context.LeaveOut(map, field, "no 'test': the image's own health check is not run by Gantry");
            return;
        }

        if (Command(test, $"{field}.test", context) is not { } command)
        {
            return;
        }

        draft.ReadinessProbe = HttpProbe(command) is { } http
            ? new OrderedDictionary<string, object?> { ["httpGet"] = http }
            : new OrderedDictionary<string, object?> { ["exec"] = new OrderedDictionary<string, object?> { ["command"] = command.Select(ComposeValues.ForScore).ToList() } };
    }

    /// <summary>The command the check runs, or null when it is disabled (<c>NONE</c>) or malformed (reported).</summary>
    private static List<string>? Command(YamlValue test, string field, ComposeContext context)
    {
        if (test is YamlScalar { IsNull: false } shell)
        {
            return ["/bin/sh", "-c", shell.Value];
        }

        var words = test is YamlList ? ComposeValues.Strings(test, field, context)?.Select(s => s.Text).ToList() : null;
        switch (words)
        {
            case ["NONE", ..]:
                return null;
            case ["CMD", _, ..]:
                return words[1..];
            case ["CMD-SHELL", var command]:
                return ["/bin/sh", "-c", command];
            default:
                context.Refuse(test, field, "a test is a command string, [\"CMD\", program, args…], [\"CMD-SHELL\", command] or [\"NONE\"]");
                return null;
        }
    }

    /// <summary>An HTTP probe for a lone <c>curl</c> or <c>wget</c> of http://localhost (or 127.0.0.1); null for anything else.</summary>
    private static OrderedDictionary<string, object?>? HttpProbe(List<string> command)
    {
        var text = command is ["/bin/sh", "-c", var shell] ? shell : string.Join(' ', command);
        if (LocalFetch().Match(text.Trim()) is not { Success: true } match)
        {
            return null;
        }

        var port = match.Groups["port"].Success ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture) : 80;
        var path = match.Groups["path"].Success ? match.Groups["path"].Value : "/";
        return new OrderedDictionary<string, object?> { ["port"] = port, ["path"] = path };
    }

    // curl or wget with options, one local http URL, no pipes or command lists after it.
    [GeneratedRegex(@"^(?:curl|wget)(?:\s+-[-\w=]+)*\s+['""]?http://(?:localhost|127\.0\.0\.1)(?::(?<port>\d{1,5}))?(?<path>/[^\s'""|;&]*)?['""]?(?:\s+-[-\w=]+)*$")]
    private static partial Regex LocalFetch();
}
