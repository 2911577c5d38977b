namespace Gantry.Gateway.Tls.Acme;

/// <summary>Base64url without padding (RFC 4648 §5), as JOSE and ACME use it.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
