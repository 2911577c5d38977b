namespace Gantry.Cli.Bundling;

/// <summary>
/// Exactly <c>length</c> bytes of a file as it was when opened: a file that grows while it is packed must not write
/// past the size its tar header declared, and one that shrinks is padded (and flagged) so the archive stays readable.
/// </summary>
internal sealed class FixedLengthStream(Stream inner, long length) : Stream
{
    private long _position;

    /// <summary>The file ended before its recorded length: its entry was padded with zeros.</summary>
    public bool Shrank { get; private set; }

    public override bool CanRead => true;

    // Seekable in name only, so the tar writer reads Length; the position only moves by reading.
    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            if (value != _position)
            {
                throw new NotSupportedException();
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted == 0)
        {
            return 0;
        }

        var read = Shrank ? 0 : inner.Read(buffer[..wanted]);
        return Advance(buffer, wanted, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted == 0)
        {
            return 0;
        }

        var read = Shrank ? 0 : await inner.ReadAsync(buffer[..wanted], cancellationToken);
        return Advance(buffer.Span, wanted, read);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        origin == SeekOrigin.Current && offset == 0 ? _position : throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Advance(Span<byte> buffer, int wanted, int read)
    {
        if (read == 0)
        {
            Shrank = true;
            buffer[..wanted].Clear();
            read = wanted;
        }

        _position += read;
        return read;
    }
}
