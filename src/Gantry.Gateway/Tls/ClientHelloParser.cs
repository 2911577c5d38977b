using System.Buffers;
using System.Text;

namespace Gantry.Gateway.Tls;

/// <summary>
/// Reads the server name (SNI) from the first bytes of a TLS connection, without decrypting anything: the
/// ClientHello is sent in clear. Bounded: only the first record (at most 16 KiB) is looked at.
/// </summary>
public static class ClientHelloParser
{
    public const int MaxRecordLength = 16 * 1024;

    /// <summary>What the bytes so far say.</summary>
    public enum Outcome
    {
        /// <summary>A ClientHello; the server name is set when it names one.</summary>
        Parsed,

        /// <summary>More bytes are needed.</summary>
        Incomplete,

        /// <summary>Not a TLS ClientHello, or malformed.</summary>
        Invalid,
    }

    public static Outcome TryParse(ReadOnlySequence<byte> data, out string? serverName)
    {
        serverName = null;
        if (data.Length < 5)
        {
            return Outcome.Incomplete;
        }

        Span<byte> header = stackalloc byte[5];
        data.Slice(0, 5).CopyTo(header);
        var recordLength = (header[3] << 8) | header[4];
        if (header[0] != 22 || header[1] != 3 || recordLength is 0 or > MaxRecordLength)
        {
            return Outcome.Invalid;
        }

        if (data.Length < 5 + recordLength)
        {
            return Outcome.Incomplete;
        }

        var record = data.Slice(5, recordLength).ToArray();
        return Parse(record, out serverName) ? Outcome.Parsed : Outcome.Invalid;
    }

    private static bool Parse(ReadOnlySpan<byte> hello, out string? serverName)
    {
        serverName = null;
        var reader = new Cursor(hello);

        // handshake type 1 (ClientHello), 3-byte length, version, random
        if (!reader.Byte(out var type) || type != 1 || !reader.Skip(3 + 2 + 32))
        {
            return false;
        }

        if (!reader.Vector(1, out _) || !reader.Vector(2, out _) || !reader.Vector(1, out _))
        {
            return false; // session id, cipher suites, compression methods
        }

        if (reader.Remaining == 0)
        {
            return true; // no extensions: no server name
        }

        if (!reader.Vector(2, out var extensions))
        {
            return false;
        }

        var ext = new Cursor(extensions);
        while (ext.Remaining > 0)
        {
            if (!ext.UInt16(out var extensionType) || !ext.Vector(2, out var body))
            {
                return false;
            }

            if (extensionType == 0)
            {
                return ParseServerName(body, out serverName);
            }
        }

        return true;
    }

    private static bool ParseServerName(ReadOnlySpan<byte> body, out string? serverName)
    {
        serverName = null;
        var list = new Cursor(body);
        if (!list.Vector(2, out var names))
        {
            return false;
        }

        var entries = new Cursor(names);
        while (entries.Remaining > 0)
        {
            if (!entries.Byte(out var nameType) || !entries.Vector(2, out var name))
            {
                return false;
            }

            if (nameType == 0)
            {
                if (name.Length == 0 || name.Length > 253 || name.ContainsAnyExceptInRange((byte)0x21, (byte)0x7e))
                {
                    return false;
                }

                serverName = Encoding.ASCII.GetString(name).ToLowerInvariant();
                return true;
            }
        }

        return true;
    }

    /// <summary>Reads big-endian fields and length-prefixed vectors, failing (not throwing) past the end.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly int Remaining => _rest.Length;

        public bool Byte(out byte value)
        {
            value = 0;
            if (_rest.Length < 1)
            {
                return false;
            }

            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool UInt16(out int value)
        {
            value = 0;
            if (_rest.Length < 2)
            {
                return false;
            }

            value = (_rest[0] << 8) | _rest[1];
            _rest = _rest[2..];
            return true;
        }

        public bool Skip(int count)
        {
            if (_rest.Length < count)
            {
                return false;
            }

            _rest = _rest[count..];
            return true;
        }

        public bool Vector(int lengthBytes, out ReadOnlySpan<byte> value)
        {
            value = default;
            var length = 0;
            for (var i = 0; i < lengthBytes; i++)
            {
                if (!Byte(out var b))
                {
                    return false;
                }

                length = (length << 8) | b;
            }

            if (_rest.Length < length)
            {
                return false;
            }

            value = _rest[..length];
            _rest = _rest[length..];
            return true;
        }
    }
}
