using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace Gantry.Runtime.Instances.Process;

/// <summary>Reads the kernel's table of TCP sockets (<c>/proc/PID/net/tcp</c> and <c>tcp6</c>) the way <c>ss -ltn</c> does.</summary>
public static class ProcNetTcp
{
    /// <summary>The TCP sockets (IPv4 and IPv6) of the network namespace that process <paramref name="pid"/> is in; empty when it is gone.</summary>
    public static IReadOnlyList<TcpSocketEntry> Read(int pid)
    {
        var entries = new List<TcpSocketEntry>();
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/net/{table}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // the process is gone, or IPv6 is off
            }

            entries.AddRange(lines.Select(ParseLine).OfType<TcpSocketEntry>());
        }

        return entries;
    }

    /// <summary>
    /// One line such as <c>0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 1000 0 123456 1 ...</c>;
    /// null for the header and anything malformed.
    /// </summary>
    public static TcpSocketEntry? ParseLine(string line)
    {
        // sl, local_address, rem_address, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout, inode, ...
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 10 || !fields[0].EndsWith(':'))
        {
            return null;
        }

        var local = fields[1].Split(':');
        return local.Length == 2
            && ParseAddress(local[0]) is { } address
            && int.TryParse(local[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var port)
            && int.TryParse(fields[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var state)
            && long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                ? new TcpSocketEntry(address, port, state, inode)
                : null;
    }

    /// <summary>The kernel prints an address as 32-bit words in host byte order (on x86 and ARM, little-endian: 127.0.0.1 is <c>0100007F</c>).</summary>
    private static IPAddress? ParseAddress(string hex)
    {
        if (hex.Length is not (8 or 32))
        {
            return null;
        }

        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            if (!uint.TryParse(hex.AsSpan(word * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            // The word's bytes as they lay in the kernel's memory are the address's bytes in network order.
            MemoryMarshal.Write(bytes.AsSpan(word * 4), in value);
        }

        return new IPAddress(bytes);
    }
}
