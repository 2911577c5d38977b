using System.Security.Cryptography;
using System.Text;

namespace Gantry.AppModel.Resources;

/// <summary>
/// Names made for other systems' rules (a DNS label, an S3 bucket): lower-case letters and digits with single hyphens,
/// and a hash of what was asked when the name had to change or be cut, so two names never meet by accident.
/// </summary>
public static class LabelNames
{
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
