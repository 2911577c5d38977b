using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Hostile bundles for upload tests: written with <see cref="TarWriter"/> where it will write them, and header by
/// header (ustar blocks with a correct checksum) where it will not, such as sizes no data follows.
/// </summary>
public static class CraftedBundle
{
    public const string Score = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\n";

    /// <summary>A gzipped tar: a valid score.yaml first (so unpacking has begun), then what <paramref name="write"/> adds.</summary>
    public static byte[] Tar(Action<TarWriter> write, TarEntryFormat format = TarEntryFormat.Pax, bool withScore = true)
    {
        using var raw = new MemoryStream();
        using (var writer = new TarWriter(raw, format, leaveOpen: true))
        {
            if (withScore)
            {
                writer.WriteEntry(File("score.yaml", Score, format));
            }

            write(writer);
        }

        return Gzip(raw.ToArray());
    }

    public static TarEntry File(string name, string content, TarEntryFormat format = TarEntryFormat.Pax)
    {
        var entry = Entry(format, TarEntryType.RegularFile, name);
        entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return entry;
    }

    public static TarEntry Entry(TarEntryFormat format, TarEntryType type, string name) => format switch
    {
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        TarEntryFormat.V7 => new V7TarEntry(type, name),
        _ => new PaxTarEntry(type, name),
    };

    /// <summary>One ustar header block: name, type flag and a size field that need not match any data after it.</summary>
    public static byte[] Header(string name, char type, long size, string linkName = "")
    {
        var block = new byte[512];
        Encoding.UTF8.GetBytes(name).CopyTo(block, 0);
        Octal(block, 100, 8, Convert.ToInt64("644", 8));
        Octal(block, 108, 8, 0);
        Octal(block, 116, 8, 0);
        Octal(block, 124, 12, size);
        Octal(block, 136, 12, 1_700_000_000);
        block[156] = (byte)type;
        Encoding.UTF8.GetBytes(linkName).CopyTo(block, 157);
        "ustar\0"u8.CopyTo(block.AsSpan(257));
        "00"u8.CopyTo(block.AsSpan(263));
        block.AsSpan(148, 8).Fill((byte)' ');
        var checksum = block.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(checksum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block, 148);
        return block;
    }

    /// <summary>Gzips raw blocks as given: a header claiming 600 MB followed by nothing is 600 MB to nobody.</summary>
    public static byte[] Gzip(params byte[][] parts)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var part in parts)
            {
                gzip.Write(part);
            }
        }

        return compressed.ToArray();
    }

    private static void Octal(byte[] block, int offset, int length, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(length - 1, '0') + "\0").CopyTo(block, offset);
}
