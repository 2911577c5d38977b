namespace Gantry.ControlPlane.Deploy;

/// <summary>What one deploy upload may hold; beyond a size or count the API answers 413 naming the limit.</summary>
/// <param name="MaxBundleBytes">The compressed bundle (the multipart upload) at most.</param>
/// <param name="MaxUnpackedBytes">The files' total size once unpacked, and the total size of the JSON form's files.</param>
/// <param name="MaxEntries">Entries in the bundle (files and folders), and files in the JSON form.</param>
/// <param name="MaxJsonBytes">The JSON form's body: its files are text held in memory, so it is kept smaller.</param>
public sealed record UploadLimits(long MaxBundleBytes, long MaxUnpackedBytes, int MaxEntries, long MaxJsonBytes)
{
    /// <summary>The longest entry path accepted, in UTF-8 bytes, and the longest name of one file or folder in it.</summary>
    public const int MaxPathBytes = 1024;

    public const int MaxNameBytes = 255;

    /// <summary>Room for the multipart envelope (boundaries, the entry field) around the bundle itself.</summary>
    public const long EnvelopeBytes = 64 * 1024;

    public static UploadLimits Default { get; } = new(512L * 1024 * 1024, 512L * 1024 * 1024, 10_000, 32L * 1024 * 1024);

    /// <summary>The largest request body the admin API reads at all: a bundle with its envelope.</summary>
    public long MaxRequestBytes => Math.Max(MaxBundleBytes, MaxJsonBytes) + EnvelopeBytes;
}
