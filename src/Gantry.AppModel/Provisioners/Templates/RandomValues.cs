using System.Security.Cryptography;

namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>Random letters and digits from the operating system's cryptographic generator: safe in URLs, SQL strings and shells.</summary>
public static class RandomValues
{
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Make(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
