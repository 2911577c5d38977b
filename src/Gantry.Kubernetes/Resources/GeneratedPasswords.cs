using System.Security.Cryptography;
using System.Text;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// Passwords for resources' Secrets. With a credentials key they are derived from it (HMAC-SHA256 of namespace,
/// resource and key): the same on every render, so applying the Secrets again changes nothing, and unguessable
/// without the key. Without one they are random on every render.
/// </summary>
internal static class GeneratedPasswords
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int Length = 32;

    public static string For(ClusterResource resource, string credential, string? key)
    {
        if (key is null)
        {
            return RandomNumberGenerator.GetString(Alphabet, Length);
        }

        var password = new StringBuilder(Length);
        for (var block = 0; password.Length < Length; block++)
        {
            var bytes = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{resource.Namespace}/{resource.Name}/{credential}/{block}"));
            foreach (var b in bytes.Where(b => b < 248)) // 248 = 4 × 62: no letter more likely than another
            {
                if (password.Length < Length)
                {
                    password.Append(Alphabet[b % Alphabet.Length]);
                }
            }
        }

        return password.ToString();
    }
}
