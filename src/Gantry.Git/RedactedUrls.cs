using System.Text.RegularExpressions;

namespace Gantry.Git;

/// <summary>Text with the <c>user:password@</c> of any URL in it removed, so git's messages can be shown and logged.</summary>
internal static partial class RedactedUrls
{
    public static string Of(string text) => Credentials().Replace(text, "$1");

    [GeneratedRegex(@"([a-z][a-z0-9+.-]*://)[^/@\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex Credentials();
}
