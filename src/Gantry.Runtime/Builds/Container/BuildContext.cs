using System.Formats.Tar;
using System.Text;

namespace Gantry.Runtime.Builds.Container;

/// <summary>The tar an engine build reads: a folder's files (as builds see them) and any generated ones.</summary>
internal static class BuildContext
{
    /// <param name="built">The folder is a build's output: its bin folders are kept.</param>
    public static MemoryStream Tar(
        string root, IReadOnlyCollection<string> ignored, IReadOnlyDictionary<string, string>? generated = null, string prefix = "", bool built = false)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in SourceTree.Files(root, ignored, built))
            {
                writer.WriteEntry(Path.Combine(root, file), prefix + file);
            }

            foreach (var (name, content) in generated ?? new Dictionary<string, string>())
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                });
            }
        }

        stream.Position = 0;
        return stream;
    }
}
