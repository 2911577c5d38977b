using System.Globalization;

namespace Gantry.ControlPlane.Orchestration.Runtimes;

/// <summary>Reads Score's resource amounts into engine units: memory like <c>128M</c>, <c>1.5Gi</c>; CPU like <c>250m</c>, <c>0.5</c>, <c>2</c>.</summary>
public static class ResourceQuantities
{
    private static readonly (string Suffix, double Factor)[] MemoryUnits =
    [
        ("Ki", 1024d), ("Mi", 1024d * 1024), ("Gi", 1024d * 1024 * 1024), ("Ti", 1024d * 1024 * 1024 * 1024),
        ("Pi", Math.Pow(1024, 5)), ("Ei", Math.Pow(1024, 6)),
        ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ];

    /// <summary>Bytes, or null when <paramref name="text"/> is null; the loader has already checked the format.</summary>
    public static long? MemoryBytes(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var (suffix, factor) in MemoryUnits)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (long)(double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor);
            }
        }

        return (long)double.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Billionths of a CPU (the engine's NanoCPUs), or null.</summary>
    public static long? NanoCpus(string? text) => text is null
        ? null
        : text.EndsWith('m')
            ? long.Parse(text[..^1], CultureInfo.InvariantCulture) * 1_000_000
            : (long)(double.Parse(text, CultureInfo.InvariantCulture) * 1e9);
}
