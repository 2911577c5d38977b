using System.Text.RegularExpressions;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Validation;

/// <summary>Checks names against the schema's length limits and patterns, with messages that say what is allowed.</summary>
internal static class Names
{
    private const string LabelRule = "use 2 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit";

    /// <summary>An RFC 1123 label as Score defines it (2 to 63 characters).</summary>
    public static bool CheckLabel(YamlScalar node, string field, FileErrors errors, string what) =>
        Check(node, field, errors, what, 2, 63, Patterns.Rfc1123Label(), LabelRule);

    public static bool Check(YamlScalar node, string field, FileErrors errors, string what, int min, int max, Regex pattern, string rule)
    {
        var name = node.Value;
        if (name.Length > max)
        {
            errors.Add(node, field, $"{what} '{Shorten(name)}' is {name.Length} characters long; the limit is {max}");
            return false;
        }

        if (name.Length < min || !pattern.IsMatch(name))
        {
            errors.Add(node, field, $"{what} '{name}' is not valid: {rule}");
            return false;
        }

        return true;
    }

    /// <summary>A host name Gantry can route: lowercase DNS labels separated by dots.</summary>
    public static bool CheckHost(YamlScalar node, string host, string field, FileErrors errors)
    {
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            errors.Add(node, field, $"wildcard host '{host}' is not supported yet");
            return false;
        }

        if (host.Length > 253 || !Patterns.DnsName().IsMatch(host))
        {
            errors.Add(node, field, $"host '{host}' is not a valid DNS name: use lowercase letters, digits, '-' and '.', labels of at most 63 characters");
            return false;
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
