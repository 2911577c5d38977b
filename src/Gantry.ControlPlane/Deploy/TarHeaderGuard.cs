using System.Buffers.Binary;
using System.Text;

namespace Gantry.ControlPlane.Deploy;

/// <summary>
/// Passes a tar stream through while following its headers, and refuses a metadata entry (PAX attributes, GNU long
/// names) larger than <see cref="MaxMetadataBytes"/>: the tar reader buffers those whole before it returns the entry,
/// so a small compressed upload could otherwise make it allocate gigabytes.
/// </summary>
internal sealed class TarHeaderGuard(Stream inner) : Stream
{
    public const int MaxMetadataBytes = 64 * 1024;

    private const int Block = 512;
    private readonly byte[] _header = new byte[Block];
    private int _headerFilled;
    private long _dataRemaining;
    private long _paddingRemaining;
    private MemoryStream? _pax;
    private long? _nextSize;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Follow(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Follow(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _pax?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Follow(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_dataRemaining > 0)
            {
                var take = (int)Math.Min(_dataRemaining, bytes.Length);
                _pax?.Write(bytes[..take]);
                _dataRemaining -= take;
                bytes = bytes[take..];
                if (_dataRemaining == 0 && _pax is not null)
                {
                    _nextSize = PaxSize(_pax.ToArray());
                    _pax.Dispose();
                    _pax = null;
                }
            }
            else if (_paddingRemaining > 0)
            {
                var take = (int)Math.Min(_paddingRemaining, bytes.Length);
                _paddingRemaining -= take;
                bytes = bytes[take..];
            }
            else
            {
                var take = Math.Min(Block - _headerFilled, bytes.Length);
                bytes[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                bytes = bytes[take..];
                if (_headerFilled == Block)
                {
                    _headerFilled = 0;
                    OnHeader();
                }
            }
        }
    }

    private void OnHeader()
    {
        if (!_header.AsSpan().ContainsAnyExcept((byte)0))
        {
            return; // the end-of-archive marker: the reader stops here
        }

        var type = (char)_header[156];
        var size = ParseNumber(_header.AsSpan(124, 12));
        if (type is 'x' or 'g' or 'L' or 'K')
        {
            if (size > MaxMetadataBytes)
            {
                throw new UploadRefusedException(StatusCodes.Status400BadRequest,
                    $"the bundle has a '{type}' header of {ByteSize.Format(size)}; tar metadata entries are accepted up to {ByteSize.Format(MaxMetadataBytes)}");
            }

            _pax = type == 'x' ? new MemoryStream() : null;
        }
        else
        {
            // A PAX 'size' attribute overrides the header's size field for the entry that follows it.
            size = _nextSize ?? size;
            _nextSize = null;
        }

        _dataRemaining = size;
        _paddingRemaining = (Block - (size % Block)) % Block;
        if (size == 0 && _pax is not null)
        {
            _pax.Dispose();
            _pax = null;
        }
    }

    /// <summary>Octal (NUL- or space-terminated) or, with the high bit of the first byte set, big-endian base-256.</summary>
    private static long ParseNumber(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            if ((field[0] & 0x7F) != 0 || field[1..^8].ContainsAnyExcept((byte)0) || (field[^8] & 0x80) != 0)
            {
                throw new InvalidDataException("the bundle has a tar header whose size field is out of range");
            }

            return BinaryPrimitives.ReadInt64BigEndian(field[^8..]);
        }

        long result = 0;
        foreach (var b in field.Trim(" \0"u8))
        {
            if (b is < (byte)'0' or > (byte)'7')
            {
                break;
            }

            result = checked((result * 8) + (b - '0'));
        }

        return result;
    }

    /// <summary>The <c>size</c> record of PAX extended attributes (<c>LEN size=VALUE\n</c>), if any.</summary>
    private static long? PaxSize(byte[] records)
    {
        long? size = null;
        foreach (var line in Encoding.UTF8.GetString(records).Split('\n'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(space + 1).StartsWith("size=", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(space + 6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                size = value;
            }
        }

        return size;
    }
}
