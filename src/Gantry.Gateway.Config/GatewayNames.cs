using System.Text.RegularExpressions;

namespace Gantry.Gateway.Config;

/// <summary>What a gateway may be called: one rule for the gateway that picks its name and the control plane that lists it.</summary>
public static partial class GatewayNames
{
    /// <summary>Why <paramref name="name"/> cannot name a gateway; null when it can.</summary>
    public static string? Problem(string? name) => name switch
    {
        null or "" => "a name is required",
        _ when !Pattern().IsMatch(name) => $"'{name}' is not a gateway name (letters, digits, '.', '-', '_'; at most 63, starting with a letter or digit)",
        _ => null,
    };

    /// <summary>A name from <paramref name="text"/> (a host name, say) with what the rule refuses replaced.</summary>
    public static string From(string text)
    {
        var name = Refused().Replace(text, "-").Trim('-', '.', '_');
        return name.Length == 0 ? "gateway" : name[..Math.Min(name.Length, 63)];
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex Pattern();

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Refused();
}
