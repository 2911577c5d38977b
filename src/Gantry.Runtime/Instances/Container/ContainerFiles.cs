using System.Formats.Tar;

namespace Gantry.Runtime.Instances.Container;

/// <summary>Packs the files a Score container asks for into the tar the engine unpacks into the container before it starts.</summary>
internal static class ContainerFiles
{
    public static MemoryStream Tar(IEnumerable<FileMount> files)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, file.Target.TrimStart('/'))
                {
                    Mode = Mode(file.Mode),
                    DataStream = new MemoryStream([.. file.Content]),
                };
                writer.WriteEntry(entry);
            }
        }

        stream.Position = 0;
        return stream;
    }

    private static UnixFileMode Mode(string? octal) =>
        octal is { Length: > 0 }
            ? (UnixFileMode)Convert.ToInt32(octal, 8)
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
}
