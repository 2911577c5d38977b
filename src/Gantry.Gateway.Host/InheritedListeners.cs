using System.Globalization;

namespace Gantry.Gateway.Host;

/// <summary>
/// <c>--inherited-fds listen=N,https=N,health=N</c>: the listening sockets a restarting gateway hands its successor, as
/// descriptors the successor inherited. It accepts from them instead of binding, so no connection is refused.
/// </summary>
internal sealed record InheritedListeners(int Listen, int? Https, int Health)
{
    public override string ToString() =>
        $"listen={Listen}" + (Https is { } https ? $",https={https}" : "") + $",health={Health}";

    /// <summary>The descriptors, or what is wrong with <paramref name="value"/>.</summary>
    public static (InheritedListeners? Listeners, string? Problem) Parse(string value)
    {
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in value.Split(','))
        {
            var (name, number) = part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : (part, "");
            if (name is not ("listen" or "https" or "health") || named.ContainsKey(name))
            {
                return (null, $"'{part}': expected listen=N, https=N or health=N, each once");
            }

            // 0 to 2 are standard input, output and error: never a listening socket.
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var fd) || fd < 3)
            {
                return (null, $"'{part}': not a file descriptor number (3 or more)");
            }

            named[name] = fd;
        }

        return named.TryGetValue("listen", out var listen) && named.TryGetValue("health", out var health)
            ? (new InheritedListeners(listen, named.TryGetValue("https", out var https) ? https : null, health), null)
            : (null, $"'{value}': listen=N and health=N are both required");
    }
}
