using System.Formats.Tar;

namespace Gantry.Cli.Bundling;

/// <summary>
/// Tells a regular file from a socket, FIFO or device without opening it (opening a FIFO waits for a writer, reading
/// a device may never end). The tar writer reads the file's type from the file system, so it is asked to describe it.
/// </summary>
internal static class FileProbe
{
    /// <summary>Null for a regular file; otherwise why it cannot be uploaded.</summary>
    public static string? Refusal(FileInfo file)
    {
        try
        {
            // Sockets, FIFOs and devices report no size: a file with content is a regular file.
            if (file.Length > 0)
            {
                return null;
            }

            using var scratch = new MemoryStream();
            using (var writer = new TarWriter(scratch, TarEntryFormat.Pax, leaveOpen: true))
            {
                writer.WriteEntry(file.FullName, "probe");
            }

            scratch.Position = 0;
            using var reader = new TarReader(scratch);
            return reader.GetNextEntry()?.EntryType switch
            {
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => null,
                TarEntryType.CharacterDevice => "a character device cannot be uploaded",
                TarEntryType.BlockDevice => "a block device cannot be uploaded",
                TarEntryType.Fifo => "a FIFO (named pipe) cannot be uploaded",
                var type => $"a {type} entry cannot be uploaded",
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Reason(ex);
        }
    }

    /// <summary>Why a file could not be read, in a few words.</summary>
    public static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "it cannot be read (permission denied)",
        FileNotFoundException or DirectoryNotFoundException => "it disappeared while the bundle was made",
        // The only file type the tar writer refuses: a socket (S_IFSOCK).
        IOException when ex.GetType() == typeof(IOException) && ex.Message.Contains("not supported", StringComparison.Ordinal) => "a socket cannot be uploaded",
        _ => $"it cannot be read ({ex.Message})",
    };
}
