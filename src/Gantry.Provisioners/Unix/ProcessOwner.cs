using System.Globalization;

namespace Gantry.Provisioners.Unix;

/// <summary>Who a running process belongs to, from <c>/proc/PID/status</c>.</summary>
internal static class ProcessOwner
{
    /// <summary>The effective user id of process <paramref name="pid"/>, or null when it is gone.</summary>
    public static uint? EffectiveUid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                // "Uid:	real	effective	saved	filesystem"
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var fields = line[4..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 1 && uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
