using System.Collections.Immutable;

namespace Gantry.Cli.Bundling;

/// <summary>
/// The bundle as written: a temporary file readable by its owner only, open and positioned at its start, gone once
/// disposed; with the files that went in and warnings for any that could not be read.
/// </summary>
public sealed class WrittenBundle(FileStream stream, int files, long unpackedBytes, ImmutableArray<string> warnings) : IAsyncDisposable, IDisposable
{
    public FileStream Stream { get; } = stream;

    public int Files { get; } = files;

    public long UnpackedBytes { get; } = unpackedBytes;

    /// <summary>The compressed size: what is uploaded.</summary>
    public long Bytes => Stream.Length;

    public ImmutableArray<string> Warnings { get; } = warnings;

    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    public void Dispose() => Stream.Dispose();
}
