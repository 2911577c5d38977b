using System.Globalization;

namespace Gantry.Runtime.Logs;

/// <summary>One log entry per line: <c>2025-01-02T03:04:05.1234567Z stdout the text</c>; seven fractional digits so times round-trip exactly.</summary>
internal static class LogFileFormat
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Format(DateTimeOffset time, string stream, string text) =>
        string.Concat(time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture), " ", stream, " ", text);

    public static bool TryParse(string line, string app, string workload, string instanceId, out LogLine? entry)
    {
        entry = null;
        var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace <= 0)
        {
            return false;
        }

        var secondSpace = line.IndexOf(' ', firstSpace + 1);
        if (secondSpace < 0)
        {
            return false;
        }

        if (!DateTime.TryParseExact(line.AsSpan(0, firstSpace), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        var stream = line[(firstSpace + 1)..secondSpace];
        entry = new LogLine(new DateTimeOffset(time, TimeSpan.Zero), app, workload, instanceId, stream, line[(secondSpace + 1)..]);
        return true;
    }
}
