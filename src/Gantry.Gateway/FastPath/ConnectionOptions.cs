namespace Gantry.Gateway.FastPath;

/// <summary>
/// The Connection header's options (RFC 9110 §7.6.1). Only a plain list of tokens separated by commas and spaces is
/// read here; Kestrel's reading of anything else (tabs, quotes) is its own, so such values go to it.
/// </summary>
internal static class ConnectionOptions
{
    public static bool IsPlainList(ReadOnlySpan<byte> value)
    {
        foreach (var range in value.Split((byte)','))
        {
            var option = value[range].Trim((byte)' ');
            if (option.IndexOfAnyExcept(HttpBytes.Token) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    public static bool Lists(ReadOnlySpan<byte> value, ReadOnlySpan<byte> option)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (HttpBytes.EqualsIgnoreCase(value[range].Trim((byte)' '), option))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a Connection field among <paramref name="fields"/> lists <paramref name="name"/> (so that field is hop-by-hop).</summary>
    public static bool ListedIn(ReadOnlySpan<byte> head, ReadOnlySpan<HeaderField> fields, ReadOnlySpan<byte> name)
    {
        foreach (var field in fields)
        {
            if (HttpBytes.EqualsIgnoreCase(head.Slice(field.NameStart, field.NameLength), "connection"u8)
                && Lists(head.Slice(field.ValueStart, field.ValueLength), name))
            {
                return true;
            }
        }

        return false;
    }
}
