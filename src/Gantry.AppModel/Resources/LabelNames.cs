using System.Security.Cryptography;
using System.Text;

namespace Gantry.AppModel.Resources;

/// <summary>
/// Names made for other systems' rules (a DNS label, an S3 bucket): lower-case letters and digits with single hyphens,
/// and a hash of what was asked when the name had to change or be cut, so two names never meet by accident.
/// </summary>
public static class LabelNames
{
    /// <summary>The longest DNS label, and S3 bucket name.</summary>
    public const int MaxLength = 63;

    /// <summary>The shortest <c>maxLength</c> that leaves room for two characters before the hash.</summary>
    public const int MinMaxLength = 11;

    /// <summary>
    /// <paramref name="text"/> as a label of 3 to <paramref name="max"/> characters: folded, and ending in a hash of
    /// <paramref name="text"/> when folding changed it or it had to be cut or lengthened.
    /// </summary>
    public static string Make(string text, int max = MaxLength)
    {
        var label = Fold(text);
        return label == text && label.Length >= 3 && label.Length <= max ? label : WithHash(label, max, text).TrimStart('-');
    }

    /// <summary><paramref name="text"/> lower-cased, every run of other characters one hyphen, none at either end.</summary>
    public static string Fold(string text)
    {
        var label = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (next != '-' || (label.Length > 0 && label[^1] != '-'))
            {
                label.Append(next);
            }
        }

        return label.ToString().Trim('-');
    }

    /// <summary><paramref name="name"/> cut to fit <paramref name="max"/> with <c>-HASH</c> (8 hex digits of <paramref name="hashOf"/>) after it.</summary>
    public static string WithHash(string name, int max, string hashOf)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashOf)))[..8];
        return $"{name[..Math.Min(name.Length, max - 9)].TrimEnd('-')}-{hash}";
    }
}
