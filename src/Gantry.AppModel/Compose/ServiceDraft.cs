using Gantry.AppModel.Score;

namespace Gantry.AppModel.Compose;

/// <summary>The Score workload (and gantry.yaml entry) one service is becoming, filled in key by key.</summary>
internal sealed class ServiceDraft(string service, string workload, string field)
{
    public string Service { get; } = service;

    public string Workload { get; } = workload;

    /// <summary>The service's field path in the compose file: <c>services.web</c>.</summary>
    public string Field { get; } = field;

    /// <summary>The service's key in the compose file, where notes about the whole service point.</summary>
    public required Gantry.AppModel.Yaml.YamlValue At { get; init; }

    public string? Image { get; set; }

    /// <summary>gantry.yaml's <c>build</c> for the workload: context, dockerfile, target, args.</summary>
    public OrderedDictionary<string, object?>? Build { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public OrderedDictionary<string, object?> Variables { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, object?> Files { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, object?> Volumes { get; } = new(StringComparer.Ordinal);

    /// <summary>Service ports by name, each <c>{port, targetPort, protocol}</c>; the port is the container's.</summary>
    public OrderedDictionary<string, object?> Ports { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, object?> Resources { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, object?>? Limits { get; set; }

    public OrderedDictionary<string, object?>? Requests { get; set; }

    public OrderedDictionary<string, object?>? ReadinessProbe { get; set; }

    public int? Replicas { get; set; }

    /// <summary>The ports <c>ports</c> publishes, in order: the first HTTP one gets a route once the image is known.</summary>
    public List<(int Port, string Protocol, Gantry.AppModel.Yaml.YamlValue At, string Field)> Published { get; } = [];

    /// <summary>The container port a route is made for (the service's first published HTTP port), if any.</summary>
    public int? RoutedPort { get; set; }

    /// <summary>depends_on as written: the service, its condition (service_started, service_healthy, …) and where it is.</summary>
    public List<(string Service, string Condition, Gantry.AppModel.Yaml.YamlValue At)> DependsOn { get; } = [];

    /// <summary>gantry.yaml's dependsOn, by workload: started or healthy.</summary>
    public OrderedDictionary<string, object?> WaitsFor { get; } = new(StringComparer.Ordinal);

    /// <summary>A resource name of this workload not taken yet: <paramref name="preferred"/>, else with a suffix.</summary>
    public string FreeResourceName(string preferred, string suffix)
    {
        var name = preferred;
        for (var i = 2; Resources.ContainsKey(name); i++)
        {
            name = i == 2 ? $"{preferred}-{suffix}" : $"{preferred}-{suffix}{i}";
        }

        return name;
    }

    public string ScoreFile => $"{Workload}.score.yaml";

    /// <summary>The well-known server the image is (postgres, redis, …), which decides its default port and that it gets no route.</summary>
    public string? KnownServer => Image is null ? null : KnownImages.ServerOf(Image);

    public void AddPort(int port, string protocol)
    {
        var number = port < 10 ? $"port-{port}" : port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var name = protocol == "UDP" ? $"{number}-udp" : number;
        if (!Ports.ContainsKey(name))
        {
            var entry = new OrderedDictionary<string, object?> { ["port"] = port, ["targetPort"] = port };
            if (protocol == "UDP")
            {
                entry["protocol"] = "UDP";
            }

            Ports[name] = entry;
        }
    }

    /// <summary>The Score document.</summary>
    public OrderedDictionary<string, object?> ToScore()
    {
        var container = new OrderedDictionary<string, object?> { ["image"] = Image ?? "." };
        AddIf(container, "command", Command);
        AddIf(container, "args", Args);
        AddIf(container, "variables", Variables);
        AddIf(container, "files", Files);
        AddIf(container, "volumes", Volumes);
        if (Limits is not null || Requests is not null)
        {
            var amounts = new OrderedDictionary<string, object?>();
            AddIf(amounts, "limits", Limits);
            AddIf(amounts, "requests", Requests);
            container["resources"] = amounts;
        }

        AddIf(container, "readinessProbe", ReadinessProbe);
        var score = new OrderedDictionary<string, object?>
        {
            ["apiVersion"] = ScoreParser.ApiVersion,
            ["metadata"] = new OrderedDictionary<string, object?>
            {
                ["name"] = Workload,
                ["annotations"] = new OrderedDictionary<string, object?> { ["compose.gantry.dev/service"] = Service },
            },
        };
        if (Ports.Count > 0)
        {
            score["service"] = new OrderedDictionary<string, object?> { ["ports"] = Ports };
        }

        score["containers"] = new OrderedDictionary<string, object?> { [Workload] = container };
        AddIf(score, "resources", Resources);
        return score;
    }

    private static void AddIf(OrderedDictionary<string, object?> map, string key, System.Collections.ICollection? value)
    {
        if (value is { Count: > 0 })
        {
            map[key] = value;
        }
    }
}
