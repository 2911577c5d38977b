using System.Globalization;
using System.Text.Json;

namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>
/// Exact row counts per table, as a definition's <c>count</c> step prints them: one line per table, its name, a space
/// and the count (names may hold spaces: the count is after the last one).
/// </summary>
public static class RowCounts
{
    public static IReadOnlyDictionary<string, long> Parse(string output)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.LastIndexOf(' ');
            if (space <= 0 || !long.TryParse(line[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new ResourceException($"the count step printed '{line}', not a table name and a row count");
            }

            counts[line[..space]] = count;
        }

        return counts;
    }

    /// <summary>The tables whose counts were the same before and after the backup: those the backup holds exactly.</summary>
    public static IReadOnlyDictionary<string, long> Settled(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        new SortedDictionary<string, long>(
            before.Where(b => after.TryGetValue(b.Key, out var a) && a == b.Value).ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);

    public static string ToJson(IReadOnlyDictionary<string, long> settled, IEnumerable<string> unsettled) =>
        JsonSerializer.Serialize(new Recorded(new SortedDictionary<string, long>(settled.ToDictionary(), StringComparer.Ordinal), [.. unsettled.Order(StringComparer.Ordinal)]));

    public static Recorded FromJson(string json) =>
        JsonSerializer.Deserialize<Recorded>(json) ?? throw new ResourceException("the backup's recorded row counts cannot be read");

    /// <summary>What a backup recorded: counts of the settled tables, and the tables that changed while it was taken.</summary>
    public sealed record Recorded(SortedDictionary<string, long> Tables, IReadOnlyList<string> Unsettled);
}
