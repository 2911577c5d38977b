using System.Text.Json;
using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Console.Shared;

/// <summary>What changed between two releases' resolved specs, line by line (a longest-common-subsequence diff).</summary>
public static class ReleaseDiff
{
    private static readonly JsonSerializerOptions Indented = new(SpecSerializer.Options) { WriteIndented = true };

    /// <summary>Every line of both specs in order, each marked unchanged, removed (only in <paramref name="from"/>) or added.</summary>
    public static IReadOnlyList<DiffLine> Compute(AppSpec from, AppSpec to) =>
        Lines(Text(from).Split('\n'), Text(to).Split('\n'));

    public static IReadOnlyList<DiffLine> Lines(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        // common[i, j]: the length of the longest common subsequence of before[i..] and after[j..].
        var common = new int[before.Count + 1, after.Count + 1];
        for (var i = before.Count - 1; i >= 0; i--)
        {
            for (var j = after.Count - 1; j >= 0; j--)
            {
                common[i, j] = before[i] == after[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<DiffLine>();
        int a = 0, b = 0;
        while (a < before.Count || b < after.Count)
        {
            if (a < before.Count && b < after.Count && before[a] == after[b])
            {
                lines.Add(new DiffLine(DiffKind.Same, before[a++]));
                b++;
            }
            else if (b < after.Count && (a == before.Count || common[a, b + 1] >= common[a + 1, b]))
            {
                lines.Add(new DiffLine(DiffKind.Added, after[b++]));
            }
            else
            {
                lines.Add(new DiffLine(DiffKind.Removed, before[a++]));
            }
        }

        return lines;
    }

    private static string Text(AppSpec spec) => JsonSerializer.Serialize(spec, Indented);
}
