using System.Buffers;

namespace Gantry.Gateway.FastPath;

/// <summary>The byte classes of RFC 9110/9112 and RFC 3986 that the parser checks against.</summary>
internal static class HttpBytes
{
    public const byte Cr = (byte)'\r';
    public const byte Lf = (byte)'\n';
    public const byte Space = (byte)' ';
    public const byte Tab = (byte)'\t';
    public const byte Colon = (byte)':';

    private const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>tchar (RFC 9110 §5.6.2): method names, field names, codings and connection options.</summary>
    public static readonly SearchValues<byte> Token = SearchValues.Create("!#$%&'*+-.^_`|~"u8.ToArray().Concat(Ascii(Alphanumeric)).ToArray());

    /// <summary>Origin-form bytes (RFC 3986 pchar, '/', '?'); '%' is checked separately for its two hex digits.</summary>
    public static readonly SearchValues<byte> OriginForm = SearchValues.Create("-._~!$&'()*+,;=:@/?%"u8.ToArray().Concat(Ascii(Alphanumeric)).ToArray());

    /// <summary>Host header bytes Kestrel allows before an optional ":port" (it follows http.sys here).</summary>
    public static readonly SearchValues<byte> Host = SearchValues.Create("!$&'()-._~"u8.ToArray().Concat(Ascii(Alphanumeric)).ToArray());

    /// <summary>Authority-form bytes Kestrel allows (it then requires CONNECT).</summary>
    public static readonly SearchValues<byte> Authority = SearchValues.Create(":.-[]@"u8.ToArray().Concat(Ascii(Alphanumeric)).ToArray());

    /// <summary>Control bytes RFC 9110 does not allow in a field value (HTAB is allowed).</summary>
    public static readonly SearchValues<byte> ValueControls = SearchValues.Create(
        Enumerable.Range(0, 0x20).Where(b => b != Tab).Append(0x7f).Select(b => (byte)b).ToArray());

    public static bool IsHexDigit(byte b) => char.IsAsciiHexDigit((char)b);

    public static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> lowerCaseAscii)
        => System.Text.Ascii.EqualsIgnoreCase(bytes, lowerCaseAscii);

    public static bool StartsWithIgnoreCase(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> lowerCaseAscii)
        => bytes.Length >= lowerCaseAscii.Length && System.Text.Ascii.EqualsIgnoreCase(bytes[..lowerCaseAscii.Length], lowerCaseAscii);

    /// <summary>Trims SP and HTAB (OWS) on both sides.</summary>
    public static ReadOnlySpan<byte> TrimOws(ReadOnlySpan<byte> span) => span.Trim(" \t"u8);

    private static IEnumerable<byte> Ascii(string text) => text.Select(c => (byte)c);
}
