using System.Globalization;
using System.Text;

namespace Gantry.ControlPlane.Deploy;

/// <summary>Sizes and names as people read them in messages: <c>2.1 KB</c>, <c>512 MB</c>, control characters shown escaped.</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>Binary units (1 KB = 1024 bytes), one decimal below 10 of a unit and none above.</summary>
    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var format = unit == 0 || value >= 10 || value == Math.Floor(value) ? "0" : "0.0";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>A count with thousands separators: <c>10,000</c>.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A path safe to print: control characters as <c>\uXXXX</c>, cut after 200 characters.</summary>
    public static string Printable(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.Length > 200 ? name[..200] : name)
        {
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return name.Length > 200 ? text.Append('…').ToString() : text.ToString();
    }
}
