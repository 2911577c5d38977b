using Gantry.ControlPlane.Deploy;

namespace Gantry.Cli.Bundling;

/// <summary>The server's upload limits checked before anything is sent, so a too-large app fails at once and says what is large.</summary>
public static class UploadCheck
{
    /// <summary>Null when the files fit; otherwise what is over the limit, with the largest files.</summary>
    public static string? Refusal(BundleContents contents, UploadLimits limits)
    {
        if (contents.Files.Length > limits.MaxEntries)
        {
            return $"{ByteSize.Count(contents.Files.Length)} files would be uploaded; the server accepts at most {ByteSize.Count(limits.MaxEntries)}. "
                + "Leave some out with a .gantryignore in the build folder.";
        }

        if (contents.TotalBytes > limits.MaxUnpackedBytes)
        {
            var largest = contents.Files.OrderByDescending(f => f.Length).Take(3).Select(f => $"{f.RelativePath} ({ByteSize.Format(f.Length)})");
            return $"the files to upload come to {ByteSize.Format(contents.TotalBytes)}; the server accepts at most {ByteSize.Format(limits.MaxUnpackedBytes)}. "
                + $"Largest: {string.Join(", ", largest)}. Leave files out with a .gantryignore in the build folder.";
        }

        return null;
    }

    public static string? Refusal(WrittenBundle bundle, UploadLimits limits) =>
        bundle.Bytes > limits.MaxBundleBytes
            ? $"the bundle is {ByteSize.Format(bundle.Bytes)} compressed; the server accepts at most {ByteSize.Format(limits.MaxBundleBytes)}. Leave files out with a .gantryignore in the build folder."
            : null;
}
