using System.Globalization;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>
/// <c>ports</c> and <c>expose</c> → service ports (the container's port, which other workloads call), and the first
/// published TCP port of a service that is not a well-known server → a route on the app's host name.
/// </summary>
internal static class ComposePorts
{
    // A range beyond this is surely not a list of HTTP servers; refuse rather than make hundreds of service ports.
    private const int MaxRange = 20;

    public static void MapPorts(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (value is not YamlList list)
        {
            context.Refuse(value, field, $"expected a list of ports, got {value.Describe()}");
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            var itemField = $"{field}[{i}]";
            var port = item is YamlMap map ? Long(map, itemField, context) : Short(item, itemField, context);
            if (port is not { } parsed)
            {
                continue;
            }

            foreach (var number in parsed.Ports)
            {
                draft.AddPort(number, parsed.Protocol);
            }

            if (parsed.Published)
            {
                draft.Published.Add((parsed.Ports[0], parsed.Protocol, item, itemField));
            }
        }
    }

    public static void MapExpose(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        foreach (var (text, at) in ComposeValues.Strings(value, field, context) ?? [])
        {
            var (ports, protocol) = SplitProtocol(text);
            if (Range(ports) is { } numbers)
            {
                numbers.ForEach(port => draft.AddPort(port, protocol));
            }
            else
            {
                context.Refuse(at, field, $"'{text}' is not a port or a range of at most {MaxRange} ports");
            }
        }
    }

    /// <summary>Once the service's image is known (keys come in any order): which published port gets the route, and why the others do not.</summary>
    public static void ChooseRoute(ServiceDraft draft, ComposeContext context)
    {
        foreach (var (port, protocol, at, field) in draft.Published)
        {
            Publish(port, protocol, at, field, draft, context);
        }
    }

    private static void Publish(int port, string protocol, YamlValue at, string field, ServiceDraft draft, ComposeContext context)
    {
        if (protocol == "UDP")
        {
            context.Approximate(at, field, $"UDP port {port} is not published outside: Gantry's gateway routes HTTP; other workloads of the app reach it");
        }
        else if (draft.KnownServer is { } server)
        {
            context.Approximate(at, field, $"port {port} is not published outside: {server} is reached by the app's other workloads, not from the internet");
        }
        else if (draft.RoutedPort is null)
        {
            draft.RoutedPort = port;
        }
        else
        {
            context.Approximate(at, field, $"port {port} is not published outside: Gantry routes one HTTP port per service (port {draft.RoutedPort}); other workloads reach this one");
        }
    }

    private static Port? Short(YamlValue item, string field, ComposeContext context)
    {
        if (item is not YamlScalar { IsNull: false } scalar)
        {
            context.Refuse(item, field, $"expected a port such as \"8080:80\", got {item.Describe()}");
            return null;
        }

        var (rest, protocol) = SplitProtocol(scalar.Value);
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf("]:", StringComparison.Ordinal);
            rest = close < 0 ? rest : rest[(close + 2)..];
        }

        var parts = rest.Split(':');
        var container = parts[^1];
        if (parts.Length > 3 || Range(container) is not { } ports)
        {
            context.Refuse(scalar, field, $"'{scalar.Value}' is not a port mapping: use [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL] with at most {MaxRange} ports in a range");
            return null;
        }

        // A container port alone is published too, on a port the engine picks.
        return new Port(ports, protocol, Published: true);
    }

    private static Port? Long(YamlMap map, string field, ComposeContext context)
    {
        if (ComposeValues.Text(map.Get("target")) is not { } target || Range(target) is not { } ports)
        {
            context.Refuse(map, $"{field}.target", "a port needs 'target', the container's port");
            return null;
        }

        var protocol = ComposeValues.Text(map.Get("protocol"))?.ToUpperInvariant() == "UDP" ? "UDP" : "TCP";
        // Without "published" the engine picks a host port: published all the same.
        return new Port(ports, protocol, Published: true);
    }

    private static (string Ports, string Protocol) SplitProtocol(string text)
    {
        var slash = text.LastIndexOf('/');
        return slash < 0 ? (text, "TCP") : (text[..slash], text[(slash + 1)..].Equals("udp", StringComparison.OrdinalIgnoreCase) ? "UDP" : "TCP");
    }

    /// <summary>"80" or "8000-8005" as port numbers; null when not ports or a range too long.</summary>
    private static List<int>? Range(string text)
    {
        var dash = text.IndexOf('-');
        if (!TryPort(dash < 0 ? text : text[..dash], out var first))
        {
            return null;
        }

        if (dash < 0)
        {
            return [first];
        }

        return TryPort(text[(dash + 1)..], out var last) && last >= first && last - first < MaxRange
            ? [.. Enumerable.Range(first, last - first + 1)]
            : null;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    private sealed record Port(List<int> Ports, string Protocol, bool Published);
}
