using System.Security.Cryptography;
using System.Text;

namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>
/// Makes names that are safe as database, user and vhost names: lowercase letters, digits and <c>_</c>, starting with a
/// letter or <c>_</c>. Distinct inputs give distinct names: a name that had to change (<c>shop.web.db</c>, whose dots
/// become <c>_</c> like the dashes of <c>shop-web.db</c>) or be cut ends in <c>_</c> and 6 hex digits of a hash of the input.
/// </summary>
public static class Identifiers
{
    /// <summary>The prefix a name starting with a digit gets (databases and users may not start with one).</summary>
    public const char DigitPrefix = 'r';

    private const int HashLength = 6;

    /// <summary>The shortest <c>maxLength</c> that leaves room for one character before the hash.</summary>
    public const int MinMaxLength = HashLength + 2;

    public static string Make(string text, int? maxLength = null)
    {
        var name = new StringBuilder(text.Length + 1);
        foreach (var c in text.ToLowerInvariant())
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name.Insert(0, DigitPrefix);
        }

        var safe = name.ToString();
        var changed = safe != text;
        var limit = maxLength ?? int.MaxValue;
        return changed ? WithHash(safe, text, limit) : Cut(safe, limit);
    }

    /// <summary>Cuts a value that is longer than <paramref name="maxLength"/>, ending it in <c>_</c> and a hash of the whole.</summary>
    public static string Cut(string text, int maxLength) =>
        text.Length <= maxLength ? text : WithHash(text, text, maxLength);

    private static string WithHash(string name, string whole, int maxLength)
    {
        var suffix = "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(whole)))[..HashLength];
        var room = Math.Max(1, maxLength - suffix.Length);
        return (name.Length > room ? name[..room] : name) + suffix;
    }
}
